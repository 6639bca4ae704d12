import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDevices } from '../../devices/factory.ts';
import { SimulatedButtons } from '../../devices/buttons/simulated.ts';
import { GpiomonButtons } from '../../devices/buttons/gpiomon.ts';
import { OnoffButtons } from '../../devices/buttons/onoff.ts';
import { SimulatedVoice } from '../../devices/voice/simulated.ts';
import { AplayVoice } from '../../devices/voice/aplay.ts';
import { SimulatedOutput } from '../../devices/outputs/simulated.ts';
import { GpiosetOutput } from '../../devices/outputs/gpioset.ts';
import { OnoffOutput } from '../../devices/outputs/onoff.ts';
import type { ButtonPress } from '../../devices/contracts.ts';
import { silentLogger } from '../../lib/logger.ts';

const PINS = { 'very-satisfied': 5, satisfied: 6, 'no-opinion': 13, dissatisfied: 19, 'very-dissatisfied': 26 };

test('counter without device config: simulated buttons and voice, pressable', async () => {
  const d = createDevices({}, 'counter', silentLogger);
  assert.instance(d.buttons, SimulatedButtons);
  assert.instance(d.voice, SimulatedVoice);
  assert.is(d.simulatedButtons, d.buttons);
  assert.is(d.lamp, undefined);
  assert.is(d.bell, undefined);
  assert.equal(
    d.all().map((x) => x.name),
    ['buttons', 'voice'],
  );
  for (const dev of d.all()) await dev.start();
  const presses: ButtonPress[] = [];
  d.buttons?.onPress((p) => presses.push(p));
  d.simulatedButtons?.press('very-satisfied');
  assert.is(presses[0]?.level, 'very-satisfied');
  for (const dev of d.all()) await dev.stop();
});

test('alarm station without device config: simulated lamp and bell', () => {
  const d = createDevices({}, 'alarm-station', silentLogger);
  assert.instance(d.lamp, SimulatedOutput);
  assert.instance(d.bell, SimulatedOutput);
  assert.equal(
    d.all().map((x) => x.name),
    ['lamp', 'bell'],
  );
  assert.is(d.buttons, undefined);
  assert.is(d.simulatedButtons, undefined);
});

test('configured backends are built (not started)', () => {
  const counter = createDevices(
    {
      buttons: { backend: 'gpiomon', chip: 'gpiochip0', lines: PINS, activeLow: true, debounceMs: 30 },
      voice: { backend: 'aplay', device: 'null' },
    },
    'counter',
    silentLogger,
  );
  assert.instance(counter.buttons, GpiomonButtons);
  assert.instance(counter.voice, AplayVoice);
  assert.is(counter.simulatedButtons, undefined);
  const onoff = createDevices(
    { buttons: { backend: 'onoff', pins: PINS, activeLow: false, debounceMs: 10 } },
    'counter',
    silentLogger,
  );
  assert.instance(onoff.buttons, OnoffButtons);
  assert.instance(onoff.voice, SimulatedVoice);
  const station = createDevices(
    {
      lamp: { backend: 'gpioset', chip: 'gpiochip0', line: 20, activeLow: false },
      bell: { backend: 'onoff', pin: 21, activeLow: true },
    },
    'alarm-station',
    silentLogger,
  );
  assert.instance(station.lamp, GpiosetOutput);
  assert.instance(station.bell, OnoffOutput);
  assert.is(station.bell?.name, 'bell');
});

test.run();
