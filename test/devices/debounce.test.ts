import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedButtons } from '../../devices/buttons/simulated.ts';
import type { ButtonPress } from '../../devices/contracts.ts';
import { silentLogger } from '../../lib/logger.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(buttons: SimulatedButtons): ButtonPress[] {
  const presses: ButtonPress[] = [];
  buttons.onPress((p) => presses.push(p));
  return presses;
}

test('a bouncing press and a bouncing release are one press', async () => {
  const buttons = new SimulatedButtons({ debounceMs: 30 });
  await buttons.start();
  const presses = recorder(buttons);
  const before = Date.now();
  for (const active of [true, false, true, false, true]) buttons.edge('dissatisfied', active);
  assert.equal(presses.length, 1, 'the first active edge is reported at once');
  assert.equal(presses[0]?.level, 'dissatisfied');
  assert.ok((presses[0]?.at ?? 0) >= before);
  await sleep(10);
  for (const active of [false, true, false, true, false]) buttons.edge('dissatisfied', active);
  await sleep(60);
  assert.equal(presses.length, 1, 'release bounce must not count');
  await buttons.stop();
});

test('a second press after the line settled counts again', async () => {
  const buttons = new SimulatedButtons({ debounceMs: 20 });
  const presses = recorder(buttons);
  buttons.press('satisfied');
  buttons.press('satisfied');
  assert.equal(presses.length, 1, 'a re-press within debounceMs is bounce');
  await sleep(40);
  buttons.press('satisfied');
  assert.equal(presses.length, 2);
});

test('held button is one press however long it is held', async () => {
  const buttons = new SimulatedButtons({ debounceMs: 10 });
  const presses = recorder(buttons);
  buttons.edge('no-opinion', true);
  await sleep(30);
  buttons.edge('no-opinion', true);
  assert.equal(presses.length, 1);
  buttons.edge('no-opinion', false);
  await sleep(30);
  buttons.press('no-opinion');
  assert.equal(presses.length, 2);
});

test('buttons debounce independently', async () => {
  const buttons = new SimulatedButtons({ debounceMs: 50 });
  const presses = recorder(buttons);
  buttons.press('very-satisfied');
  buttons.press('very-dissatisfied');
  assert.equal(
    presses.map((p) => p.level),
    ['very-satisfied', 'very-dissatisfied'],
  );
});

test('default simulated buttons report every press (demo panel, tests)', () => {
  const buttons = new SimulatedButtons();
  const presses = recorder(buttons);
  buttons.press('satisfied');
  buttons.press('satisfied');
  assert.equal(presses.length, 2);
});

test('a throwing listener does not stop the others; unsubscribe works', () => {
  const buttons = new SimulatedButtons({ logger: silentLogger });
  const seen: string[] = [];
  buttons.onPress(() => {
    throw new Error('listener bug');
  });
  const off = buttons.onPress((p) => seen.push(p.level));
  buttons.press('satisfied');
  off();
  buttons.press('satisfied');
  assert.equal(seen, ['satisfied']);
  assert.equal(buttons.status(), { status: 'ok' });
});

test.run();
