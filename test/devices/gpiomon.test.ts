import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GpiomonButtons } from '../../devices/buttons/gpiomon.ts';
import { gpiomonArgs, parseGpiomonLine } from '../../devices/buttons/gpiomon-format.ts';
import type { ButtonPress } from '../../devices/contracts.ts';
import type { DeviceStatus } from '../../contract/messages.ts';
import { silentLogger } from '../../lib/logger.ts';
import { FakeTools, isAlive, versionPreamble, waitFor } from './fake-tools.ts';

const LINES = { 'very-satisfied': 5, satisfied: 6, 'no-opinion': 13, dissatisfied: 19, 'very-dissatisfied': 26 };

const parse = suite('gpiomon output parsing');

parse('libgpiod v1 lines', () => {
  assert.equal(parseGpiomonLine('event:  RISING EDGE offset: 17 timestamp: [    1234.567891234]'), {
    edge: 'rising',
    offset: 17,
  });
  assert.equal(parseGpiomonLine('event: FALLING EDGE offset: 4 timestamp: [1700000000.000000001]'), {
    edge: 'falling',
    offset: 4,
  });
});

parse('libgpiod v2 lines, unnamed, named and with UTC timestamps', () => {
  assert.equal(parseGpiomonLine('21.513457301\trising\tgpiochip0 17'), { edge: 'rising', offset: 17 });
  assert.equal(parseGpiomonLine('21.513457301\tfalling\tgpiochip0 26 "GPIO26"'), { edge: 'falling', offset: 26 });
  assert.equal(parseGpiomonLine('2026-11-24T02:12:43.000000001Z\trising\tgpiochip1 3 BUTTON'), {
    edge: 'rising',
    offset: 3,
  });
});

parse('other output is not an event', () => {
  for (const line of ['', "Monitoring lines '5' and '6'...", 'gpiomon: error', '21.5\trising\t"GPIO26"']) {
    assert.is(parseGpiomonLine(line), undefined, line);
  }
});

parse('arguments per major version', () => {
  assert.equal(gpiomonArgs(1, 'gpiochip0', [5, 6], true), ['--line-buffered', '--active-low', 'gpiochip0', '5', '6']);
  assert.equal(gpiomonArgs(2, 'gpiochip0', [5, 6], false), ['--chip', 'gpiochip0', '--edges', 'both', '5', '6']);
});

parse.run();

const proc = suite('gpiomon process');
let tools: FakeTools;
proc.before.each(() => {
  tools = new FakeTools();
});
proc.after.each(() => {
  tools.cleanup();
});

/** gpiomon stand-in: logs its pid and args, prints run N's scripted output, then exits or waits. */
function fakeGpiomon(version: string): string {
  return tools.script(
    'gpiomon',
    `${versionPreamble('gpiomon', version)}
n=$(cat "$DIR/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$DIR/count"
echo "$$ $*" >> "$LOG"
[ -f "$DIR/run$n.sh" ] && . "$DIR/run$n.sh"
exec sleep 30`,
  );
}

function run(n: number, body: string): void {
  tools.script(`run${n}.sh`, body);
}

function buttons(executable: string, extra: Partial<ConstructorParameters<typeof GpiomonButtons>[0]> = {}) {
  const b = new GpiomonButtons({
    chip: 'gpiochip0',
    lines: LINES,
    activeLow: true,
    debounceMs: 30,
    executable,
    logger: silentLogger,
    ...extra,
  });
  const presses: ButtonPress[] = [];
  const statuses: DeviceStatus[] = [];
  b.onPress((p) => presses.push(p));
  b.onStatus((s) => statuses.push(s));
  return { b, presses, statuses };
}

proc('v1: arguments, line mapping, bounce filtered, release re-arms', async () => {
  const exe = fakeGpiomon('1.6.3');
  run(
    1,
    `printf 'event:  RISING EDGE offset: 19 timestamp: [    1234.000000001]\\n'
printf 'event: FALLING EDGE offset: 19 timestamp: [    1234.000100000]\\n'
printf 'event:  RISING EDGE offset: 19 timestamp: [    1234.000200000]\\n'
printf 'event:  RISING EDGE offset: 99 timestamp: [    1234.000300000]\\n'
printf 'event: FALLING EDGE offset: 19 timestamp: [    1234.100000000]\\n'
sleep 0.15
printf 'event:  RISING EDGE offset: 5 timestamp: [    1234.300000000]\\n'
printf 'event:  RISING EDGE offset: 19 timestamp: [    1234.300000000]\\n'`,
  );
  const { b, presses } = buttons(exe);
  await b.start();
  await waitFor(() => presses.length >= 3, 3000, 'three presses');
  assert.equal(
    presses.map((p) => p.level),
    ['dissatisfied', 'very-satisfied', 'dissatisfied'],
  );
  const [pid, ...args] = (tools.log('gpiomon')[0] ?? '').split(' ');
  assert.equal(args, ['--line-buffered', '--active-low', 'gpiochip0', '5', '6', '13', '19', '26']);
  assert.ok(isAlive(Number(pid)), 'gpiomon keeps running while started');
  assert.equal(b.status(), { status: 'ok' });
  await b.stop();
  assert.not.ok(isAlive(Number(pid)), 'stop() ends gpiomon');
  assert.is(presses.length, 3);
});

proc('v2: arguments and the tab-separated format', async () => {
  const exe = fakeGpiomon('2.1.3');
  run(
    1,
    `printf '100.000000001\\trising\\tgpiochip0 26 "GPIO26"\\n'
printf '100.000100000\\tfalling\\tgpiochip0 26 "GPIO26"\\n'
printf '100.000200000\\trising\\tgpiochip0 26 "GPIO26"\\n'
printf '100.000300000\\trising\\tgpiochip0 6\\n'`,
  );
  const { b, presses } = buttons(exe, { activeLow: false });
  await b.start();
  await waitFor(() => presses.length >= 2, 3000, 'two presses');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(
    presses.map((p) => p.level),
    ['very-dissatisfied', 'satisfied'],
  );
  const args = (tools.log('gpiomon')[0] ?? '').split(' ').slice(1);
  assert.equal(args, ['--chip', 'gpiochip0', '--edges', 'both', '5', '6', '13', '19', '26']);
  await b.stop();
});

proc('unexpected exit: fault with stderr, restart with backoff, presses flow again', async () => {
  const exe = fakeGpiomon('1.6.3');
  run(1, `echo "gpiomon: error waiting for events: No such device" >&2; exit 1`);
  run(2, `sleep 0.05; printf 'event:  RISING EDGE offset: 13 timestamp: [ 9.000000000]\\n'`);
  const { b, presses, statuses } = buttons(exe, { backoffMs: 50 });
  await b.start();
  await waitFor(() => statuses.some((s) => s.status === 'fault'), 3000, 'fault');
  const fault = statuses.find((s) => s.status === 'fault');
  assert.is(fault?.code, 'CG_DEV_GPIOMON_EXITED');
  assert.match(fault?.message ?? '', 'No such device');
  assert.match(fault?.message ?? '', 'code 1');
  await waitFor(() => presses.length === 1, 3000, 'press after restart');
  assert.is(presses[0]?.level, 'no-opinion');
  assert.is(b.spawnCount, 2);
  assert.equal(b.status(), { status: 'ok' });
  assert.equal(
    statuses.map((s) => s.status),
    ['fault', 'ok'],
  );
  await b.stop();
});

proc('a gpiomon that keeps dying is restarted with growing delays, and not after stop()', async () => {
  const exe = fakeGpiomon('1.6.3');
  for (let n = 1; n <= 20; n++) run(n, 'exit 2');
  const { b, statuses } = buttons(exe, { backoffMs: 40, okAfterMs: 100 });
  await b.start();
  await new Promise((r) => setTimeout(r, 400));
  // Delays 40, 80, 160, 320 ms: at most 4 spawns in 400 ms (a fixed 40 ms would give ~10).
  assert.ok(b.spawnCount >= 2 && b.spawnCount <= 4, `spawned ${b.spawnCount} times`);
  assert.is(b.status().code, 'CG_DEV_GPIOMON_EXITED');
  assert.equal(
    statuses.map((s) => s.status),
    ['fault'],
    'health does not flap to ok between failed restarts',
  );
  await b.stop();
  const count = b.spawnCount;
  await new Promise((r) => setTimeout(r, 400));
  assert.is(b.spawnCount, count);
});

proc('restart() after a fault starts gpiomon at once', async () => {
  const exe = fakeGpiomon('2.1.3');
  run(1, 'exit 1');
  const { b } = buttons(exe, { backoffMs: 60_000, okAfterMs: 50 });
  await b.start();
  await waitFor(() => b.status().status === 'fault', 3000, 'fault');
  await b.restart();
  await waitFor(() => b.status().status === 'ok', 3000, 'ok after restart');
  assert.is(b.spawnCount, 2);
  await b.stop();
});

proc('missing executable is a fault, not a crash', async () => {
  const { b } = buttons(tools.path('no-such-gpiomon'), { backoffMs: 60_000 });
  await b.start();
  assert.is(b.status().code, 'CG_DEV_GPIOMON_UNAVAILABLE');
  await b.stop();
});

proc.run();

const installed = suite('installed libgpiod gpiomon (no GPIO chip on this machine)');

installed('the real gpiomon is detected and its failure becomes CG_DEV_GPIOMON_EXITED with its stderr', async () => {
  const b = new GpiomonButtons({
    chip: 'cg-no-such-chip',
    lines: LINES,
    activeLow: true,
    debounceMs: 30,
    backoffMs: 60_000,
    logger: silentLogger,
  });
  await b.start();
  await waitFor(() => b.status().status === 'fault', 3000, 'fault');
  assert.is(b.status().code, 'CG_DEV_GPIOMON_EXITED');
  assert.match(b.status().message ?? '', /gpiomon: /);
  await b.stop();
});

installed.run();
