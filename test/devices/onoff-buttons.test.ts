import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Gpio, type BinaryValue, type Direction, type Edge, type Options } from 'onoff';
import { OnoffButtons } from '../../devices/buttons/onoff.ts';
import type { ButtonPress } from '../../devices/contracts.ts';
import { silentLogger } from '../../lib/logger.ts';

const PINS = { 'very-satisfied': 5, satisfied: 6, 'no-opinion': 13, dissatisfied: 19, 'very-dissatisfied': 26 };
type Watcher = (err: Error | null | undefined, value: BinaryValue) => void;

/** Stand-in for onoff's Gpio so that the tests can deliver the values onoff's watch() would. */
function fakeGpio() {
  const watchers = new Map<number, Watcher>();
  const opened: Array<{ pin: number; direction: Direction; edge?: Edge; options?: Options }> = [];
  const unexported: number[] = [];
  class FakeGpio {
    static accessible = true;
    constructor(
      readonly pin: number,
      direction: Direction,
      edge?: Edge,
      options?: Options,
    ) {
      opened.push({ pin, direction, edge, options });
    }
    watch(cb: Watcher): void {
      watchers.set(this.pin, cb);
    }
    unwatchAll(): void {
      watchers.delete(this.pin);
    }
    unexport(): void {
      unexported.push(this.pin);
    }
  }
  return { FakeGpio, watchers, opened, unexported };
}

test('five inputs, both edges, onoff debounce and activeLow; value 1 on a pin is its level', async () => {
  const { FakeGpio, watchers, opened, unexported } = fakeGpio();
  const buttons = new OnoffButtons({ pins: PINS, activeLow: true, debounceMs: 20, gpio: FakeGpio, logger: silentLogger });
  const presses: ButtonPress[] = [];
  buttons.onPress((p) => presses.push(p));
  await buttons.start();
  assert.equal(buttons.status(), { status: 'ok' });
  assert.equal(
    opened.map((o) => o.pin),
    [5, 6, 13, 19, 26],
  );
  for (const o of opened) {
    assert.is(o.direction, 'in');
    assert.is(o.edge, 'both');
    assert.equal(o.options, { activeLow: true, debounceTimeout: 20 });
  }
  watchers.get(19)?.(null, 1);
  watchers.get(19)?.(null, 0);
  watchers.get(19)?.(null, 1);
  watchers.get(26)?.(null, 0);
  assert.equal(
    presses.map((p) => p.level),
    ['dissatisfied'],
  );
  watchers.get(19)?.(new Error('EIO'), 0);
  assert.is(buttons.status().code, 'CG_DEV_GPIO_READ_FAILED');
  await buttons.stop();
  assert.equal(unexported, [5, 6, 13, 19, 26]);
  assert.is(watchers.size, 0);
});

test('without sysfs GPIO the real onoff backend reports CG_DEV_GPIO_UNAVAILABLE instead of throwing', async () => {
  // This machine (like a kernel built without CONFIG_GPIO_SYSFS) has no /sys/class/gpio.
  const gpio = Gpio.accessible ? Object.assign(fakeGpio().FakeGpio, { accessible: false }) : undefined;
  const buttons = new OnoffButtons({ pins: PINS, activeLow: true, debounceMs: 30, gpio, logger: silentLogger });
  await buttons.start();
  assert.is(buttons.status().status, 'fault');
  assert.is(buttons.status().code, 'CG_DEV_GPIO_UNAVAILABLE');
  assert.match(buttons.status().message ?? '', 'gpiomon');
  await buttons.stop();
});

test.run();
