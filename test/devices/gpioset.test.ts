import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GpiosetOutput } from '../../devices/outputs/gpioset.ts';
import { isCountergateError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { FakeTools, isAlive, versionPreamble, waitFor } from './fake-tools.ts';

const t = suite('gpioset output (gpioset stand-in)');
let tools: FakeTools;
t.before.each(() => {
  tools = new FakeTools();
});
t.after.each(() => {
  tools.cleanup();
});

/** Holds "the line" like gpioset does: until SIGTERM (v1 --mode=signal, v2 by default). */
function holdingGpioset(version: string): string {
  return tools.script(
    'gpioset',
    `${versionPreamble('gpioset', version)}
trap 'echo "release $$" >> "$LOG"; exit 0' TERM INT
echo "hold $$ $*" >> "$LOG"
while :; do sleep 0.02; done`,
  );
}

function pidOf(line: string | undefined): number {
  return Number(line?.split(' ')[1]);
}

t('v1: on holds the line with --mode=signal, off releases it', async () => {
  const lamp = new GpiosetOutput('lamp', {
    chip: 'gpiochip1',
    line: 7,
    activeLow: true,
    executable: holdingGpioset('1.6.3'),
    settleMs: 50,
    logger: silentLogger,
  });
  await lamp.start();
  assert.is(lamp.get(), false);
  await lamp.set(true);
  assert.is(lamp.get(), true);
  const hold = tools.log('gpioset')[0];
  assert.match(hold ?? '', / --mode=signal --active-low gpiochip1 7=1$/);
  const pid = pidOf(hold);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(isAlive(pid), 'gpioset still holds the line while on');
  await lamp.set(true);
  assert.is(tools.log('gpioset').length, 1, 'setting on twice does not start a second holder');
  await lamp.set(false);
  assert.is(lamp.get(), false);
  assert.not.ok(isAlive(pid), 'off ends gpioset');
  assert.equal(tools.log('gpioset')[1], `release ${pid}`);
  assert.equal(lamp.status(), { status: 'ok' });
  await lamp.stop();
});

t('v2: --chip form; stop() releases a line that is on', async () => {
  const bell = new GpiosetOutput('bell', {
    chip: 'gpiochip0',
    line: 22,
    activeLow: false,
    executable: holdingGpioset('2.1.3'),
    settleMs: 50,
    logger: silentLogger,
  });
  await bell.start();
  await bell.set(true);
  const hold = tools.log('gpioset')[0] ?? '';
  assert.match(hold, / --chip gpiochip0 22=1$/);
  await bell.stop();
  assert.not.ok(isAlive(pidOf(hold)));
  assert.is(bell.get(), false);
});

t('quick on/off/on leaves exactly one holder', async () => {
  const lamp = new GpiosetOutput('lamp', {
    chip: 'gpiochip0',
    line: 3,
    activeLow: false,
    executable: holdingGpioset('1.6.3'),
    settleMs: 30,
    logger: silentLogger,
  });
  await Promise.all([lamp.set(true), lamp.set(false), lamp.set(true)]);
  const holds = tools.log('gpioset').filter((l) => l.startsWith('hold'));
  assert.is(holds.length, 2);
  assert.not.ok(isAlive(pidOf(holds[0])));
  assert.ok(isAlive(pidOf(holds[1])));
  await lamp.stop();
});

t('gpioset failing to get the line: set(true) rejects and status is a fault', async () => {
  const exe = tools.script(
    'gpioset',
    `${versionPreamble('gpioset', '1.6.3')}
echo "gpioset: error setting the GPIO line values: Device or resource busy" >&2; exit 1`,
  );
  const lamp = new GpiosetOutput('lamp', { chip: 'gpiochip0', line: 4, activeLow: false, executable: exe, logger: silentLogger });
  await lamp.start();
  const err = await lamp.set(true).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isCountergateError(err));
  assert.is(err.code, 'CG_DEV_GPIOSET_FAILED');
  assert.match(err.message, 'Device or resource busy');
  assert.is(lamp.status().code, 'CG_DEV_GPIOSET_FAILED');
  assert.is(lamp.get(), false);
});

t('a holder that dies while on is reported and the output reads off', async () => {
  const lamp = new GpiosetOutput('lamp', {
    chip: 'gpiochip0',
    line: 5,
    activeLow: false,
    executable: holdingGpioset('1.6.3'),
    settleMs: 30,
    logger: silentLogger,
  });
  await lamp.set(true);
  process.kill(pidOf(tools.log('gpioset')[0]), 'SIGKILL');
  await waitFor(() => lamp.status().status === 'fault', 3000, 'fault');
  assert.is(lamp.status().code, 'CG_DEV_GPIOSET_FAILED');
  assert.is(lamp.get(), false);
  await lamp.set(true);
  assert.equal(lamp.status(), { status: 'ok' });
  await lamp.stop();
});

t('missing gpioset is a fault at start', async () => {
  const lamp = new GpiosetOutput('lamp', {
    chip: 'gpiochip0',
    line: 5,
    activeLow: false,
    executable: tools.path('no-gpioset'),
    logger: silentLogger,
  });
  await lamp.start();
  assert.is(lamp.status().code, 'CG_DEV_GPIOSET_UNAVAILABLE');
  await lamp.set(true).then(
    () => assert.unreachable('set must reject'),
    (e: unknown) => assert.is((e as { code?: string }).code, 'CG_DEV_GPIOSET_UNAVAILABLE'),
  );
});

t.run();

const installed = suite('installed libgpiod gpioset (no GPIO chip on this machine)');

installed('the real gpioset failing on a missing chip gives CG_DEV_GPIOSET_FAILED with its stderr', async () => {
  const lamp = new GpiosetOutput('lamp', { chip: 'cg-no-such-chip', line: 5, activeLow: false, logger: silentLogger });
  await lamp.start();
  assert.equal(lamp.status(), { status: 'ok' }, 'gpioset --version understood');
  const err = await lamp.set(true).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.is((err as { code?: string }).code, 'CG_DEV_GPIOSET_FAILED');
  assert.match((err as Error).message, /gpioset: /);
});

installed.run();
