import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BinaryValue, Direction, Edge, Options } from 'onoff';
import { OnoffOutput } from '../../devices/outputs/onoff.ts';
import { SimulatedOutput } from '../../devices/outputs/simulated.ts';
import { SimulatedVoice } from '../../devices/voice/simulated.ts';
import { silentLogger } from '../../lib/logger.ts';

test('simulated output records changes, not repeats, and is off after stop', async () => {
  const bell = new SimulatedOutput('bell');
  assert.is(bell.name, 'bell');
  await bell.start();
  await bell.set(true);
  await bell.set(true);
  assert.is(bell.get(), true);
  await bell.set(false);
  await bell.set(true);
  await bell.stop();
  assert.equal(
    bell.history.map((h) => h.on),
    [true, false, true, false],
  );
  assert.ok(bell.history.every((h, i, all) => i === 0 || h.at >= (all[i - 1]?.at ?? 0)));
  assert.equal(bell.status(), { status: 'ok' });
});

test('simulated voice records prompts and takes the configured time', async () => {
  const voice = new SimulatedVoice({ playbackMs: 60 });
  const started = Date.now();
  await voice.play('invite-rating');
  assert.ok(Date.now() - started >= 55);
  voice.playbackMs = 0;
  await voice.play('thank-you');
  assert.equal(voice.played, ['invite-rating', 'thank-you']);
});

test('simulated voice: stop() ends a playback in progress', async () => {
  const voice = new SimulatedVoice({ playbackMs: 60_000 });
  const playing = voice.play('invite-rating');
  await voice.stop();
  await playing;
  assert.equal(voice.played, ['invite-rating']);
});

/** Stand-in for onoff's Gpio: this machine has no /sys/class/gpio, the driver logic is what is tested. */
function fakeGpio(accessible: boolean, failOn?: number) {
  const writes: Array<[number, BinaryValue]> = [];
  const opened: Array<{ pin: number; direction: Direction; edge?: Edge; options?: Options }> = [];
  class FakeGpio {
    static accessible = accessible;
    constructor(
      readonly pin: number,
      direction: Direction,
      edge?: Edge,
      options?: Options,
    ) {
      if (pin === failOn) throw new Error('EBUSY: resource busy or locked, write');
      opened.push({ pin, direction, edge, options });
    }
    async write(value: BinaryValue): Promise<void> {
      writes.push([this.pin, value]);
    }
    unexport(): void {}
  }
  return { FakeGpio, writes, opened };
}

test('onoff output: activeLow passed to onoff, on/off written as 1/0, off at start and stop', async () => {
  const { FakeGpio, writes, opened } = fakeGpio(true);
  const lamp = new OnoffOutput('lamp', { pin: 17, activeLow: true, gpio: FakeGpio, logger: silentLogger });
  await lamp.start();
  await lamp.set(true);
  assert.is(lamp.get(), true);
  await lamp.stop();
  assert.equal(opened, [{ pin: 17, direction: 'out', edge: undefined, options: { activeLow: true } }]);
  assert.equal(writes, [
    [17, 0],
    [17, 1],
    [17, 0],
  ]);
  assert.is(lamp.get(), false);
});

test('onoff output without sysfs GPIO: fault CG_DEV_GPIO_UNAVAILABLE, set() rejects, nothing thrown at start', async () => {
  const { FakeGpio } = fakeGpio(false);
  const lamp = new OnoffOutput('lamp', { pin: 17, activeLow: false, gpio: FakeGpio, logger: silentLogger });
  await lamp.start();
  assert.is(lamp.status().code, 'CG_DEV_GPIO_UNAVAILABLE');
  assert.match(lamp.status().message ?? '', '/sys/class/gpio');
  await lamp.set(true).then(
    () => assert.unreachable('set must reject'),
    (e: unknown) => assert.is((e as { code?: string }).code, 'CG_DEV_GPIO_UNAVAILABLE'),
  );
});

test('onoff output on a busy pin is a fault naming the pin', async () => {
  const { FakeGpio } = fakeGpio(true, 27);
  const bell = new OnoffOutput('bell', { pin: 27, activeLow: false, gpio: FakeGpio, logger: silentLogger });
  await bell.start();
  assert.is(bell.status().code, 'CG_DEV_GPIO_UNAVAILABLE');
  assert.match(bell.status().message ?? '', 'GPIO 27');
});

test.run();
