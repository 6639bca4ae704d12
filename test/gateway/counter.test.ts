import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedButtons } from '../../devices/buttons/simulated.ts';
import { BaseDevice, faultStatus } from '../../devices/base.ts';
import type { VoicePlayer, VoicePrompt } from '../../devices/contracts.ts';
import type { GatewayDevices } from '../../devices/factory.ts';
import { SimulatedVoice } from '../../devices/voice/simulated.ts';
import { ClerkAuth } from '../../gateway/clerk-auth.ts';
import { Counter, type CounterStatus } from '../../gateway/counter.ts';
import { openGatewayDb } from '../../gateway/db.ts';
import { Outbox } from '../../gateway/outbox.ts';
import { RatingMachine } from '../../gateway/rating/machine.ts';
import { CountergateError, isCountergateError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { waitFor } from './helpers.ts';

/** A voice whose sound card is gone: play() rejects and the device reports a fault. */
class BrokenVoice extends BaseDevice implements VoicePlayer {
  readonly name = 'voice';
  attempts: VoicePrompt[] = [];
  constructor() {
    super(silentLogger);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async play(prompt: VoicePrompt): Promise<void> {
    this.attempts.push(prompt);
    this.setStatus(faultStatus('CG_DEV_AUDIO_FAILED', 'aplay: no sound card'));
    throw new CountergateError('CG_DEV_AUDIO_FAILED', 'aplay: no sound card');
  }
}

/** central's clerk-sign-in contract, answered in memory (fetch injected). */
const centralFetch: typeof fetch = async (_url, init) => {
  const body = JSON.parse(String(init?.body)) as { username: string; password: string };
  if (body.password !== 'pw') {
    return new Response(JSON.stringify({ code: 'CG_AUTH_BAD_CREDENTIALS' }), { status: 401 });
  }
  return new Response(JSON.stringify({ clerk: { username: body.username, displayName: '王安' } }), { status: 200 });
};

function setup(opts: { voice?: VoicePlayer; simulated?: boolean; windowS?: number; realClock?: boolean } = {}) {
  const clock = { t: Date.parse('2026-05-04T01:00:00.000Z') };
  const now = opts.realClock ? Date.now : () => clock.t;
  const db = openGatewayDb(':memory:');
  const outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'b', now });
  const buttons = new SimulatedButtons();
  const voice = opts.voice ?? new SimulatedVoice();
  const devices: GatewayDevices = {
    buttons,
    voice,
    simulatedButtons: opts.simulated === false ? undefined : buttons,
    all: () => [buttons, voice],
  };
  const machine = new RatingMachine({ windowS: opts.windowS ?? 30, voicePrompt: true }, now);
  const clerkAuth = new ClerkAuth({
    db,
    centralHttpUrl: 'http://central.invalid',
    gatewayUsername: 'gw',
    gatewayPassword: 'x',
    fetch: centralFetch,
    scryptN: 1024,
  });
  let kicks = 0;
  const counter = new Counter({
    office: 'o1',
    counter: 'c1',
    machine,
    outbox,
    clerkAuth,
    devices,
    afterAppend: () => kicks++,
    logger: silentLogger,
    now,
  });
  counter.start();
  const statuses: CounterStatus[] = [];
  counter.onStatus((s) => statuses.push(s));
  const events = (): Array<Record<string, unknown>> =>
    outbox.unsent(0, 100).map((r) => ({ kind: r.kind, ...(JSON.parse(r.payload) as Record<string, unknown>) }));
  return { counter, clock, buttons, voice, outbox, events, statuses, kicks: () => kicks, close: () => (counter.stop(), db.close()) };
}

test('the clerk screen flow: sign in, complete a case, a physical button rates it', async () => {
  const g = setup();
  assert.equal(await g.counter.signIn('ann', 'pw'), { username: 'ann', displayName: '王安' });
  const { caseId, closesAt } = await g.counter.completeCase('receipt');
  assert.match(caseId, /^c1-20260504-010000-[0-9a-f]{6}$/);
  assert.is(closesAt, '2026-05-04T01:00:30.000Z');
  let s = g.counter.status();
  assert.is(s.state, 'window-open');
  assert.equal(s.window, { caseId, closesAt, windowS: 30 });
  g.clock.t += 3_000;
  g.buttons.press('very-satisfied');
  s = g.counter.status();
  assert.is(s.state, 'idle');
  assert.equal(s.lastRating, { caseId, level: 'very-satisfied', at: '2026-05-04T01:00:03.000Z' });
  assert.equal(
    g.events().map((e) => e.kind),
    ['session', 'case', 'rating'],
  );
  const rating = g.events()[2] as Record<string, unknown>;
  assert.equal([rating.source, rating.afterMs, rating.caseId, rating.clerk], ['button', 3000, caseId, 'ann']);
  assert.equal((g.voice as SimulatedVoice).played, ['invite-rating', 'thank-you']);
  assert.is(s.outboxPending, 3);
  assert.is(g.kicks(), 3, 'the sender is kicked after every append');
  assert.ok(g.statuses.some((x) => x.state === 'window-open') && g.statuses.at(-1)?.state === 'idle');
  g.close();
});

test('touch screen press: counted once, then already-rated, then no-window after the window time', async () => {
  const g = setup();
  await g.counter.signIn('ann', 'pw');
  await g.counter.completeCase('notice', 'N-1');
  assert.equal(await g.counter.press('satisfied', 'screen'), { counted: true });
  assert.equal(await g.counter.press('satisfied', 'screen'), { counted: false, reason: 'already-rated' });
  g.clock.t += 31_000;
  assert.equal(await g.counter.press('satisfied', 'screen'), { counted: false, reason: 'no-window' });
  const ignored = g.events().filter((e) => e.kind === 'press-ignored');
  assert.equal(
    ignored.map((e) => [e.reason, e.source]),
    [
      ['already-rated', 'screen'],
      ['no-window', 'screen'],
    ],
  );
  g.close();
});

test('the window closes by itself when its time is over (real timer)', async () => {
  const g = setup({ windowS: 0.05, realClock: true });
  await g.counter.signIn('ann', 'pw');
  await g.counter.completeCase('receipt', 'T-1');
  assert.is(g.counter.status().state, 'window-open');
  await waitFor(() => g.counter.status().state === 'idle', 'window closed by its timer');
  assert.is(g.counter.status().window, null);
  assert.equal(await g.counter.press('satisfied', 'screen'), { counted: false, reason: 'no-window' });
  assert.ok(g.statuses.some((s) => s.state === 'idle' && s.clerk !== null), 'listeners saw the window close');
  g.close();
});

test('injected clock: tick() closes the window once closesAt has passed', async () => {
  const g = setup();
  await g.counter.signIn('ann', 'pw');
  await g.counter.completeCase('receipt', 'T-2');
  g.clock.t += 29_999;
  g.counter.tick();
  assert.is(g.counter.status().state, 'window-open');
  g.clock.t += 1;
  g.counter.tick();
  assert.is(g.counter.status().state, 'idle');
  g.close();
});

test('a failing voice does not block the rating; the fault shows in the status devices', async () => {
  const voice = new BrokenVoice();
  const g = setup({ voice });
  await g.counter.signIn('ann', 'pw');
  await g.counter.completeCase('receipt', 'V-1');
  g.buttons.press('dissatisfied');
  await new Promise((r) => setImmediate(r));
  assert.equal(
    g.events().map((e) => e.kind),
    ['session', 'case', 'rating'],
  );
  assert.equal(voice.attempts, ['invite-rating', 'thank-you']);
  assert.equal(g.counter.status().devices.voice, { status: 'fault', code: 'CG_DEV_AUDIO_FAILED', message: 'aplay: no sound card' });
  g.close();
});

test('errors the HTTP room shows: no clerk (409), bad password, sim unavailable (404), bad level/outcome (400)', async () => {
  const g = setup({ simulated: false });
  const err = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (isCountergateError(e)) return e;
    }
    throw new Error('expected a CountergateError');
  };
  const noClerk = await err(g.counter.completeCase('receipt'));
  assert.equal([noClerk.code, noClerk.statusCode], ['CG_CASE_NO_CLERK', 409]);
  assert.match(noClerk.userMessage, /[\u4e00-\u9fff]/);
  const bad = await err(g.counter.signIn('ann', 'wrong'));
  assert.equal([bad.code, bad.userMessage], ['CG_AUTH_BAD_CREDENTIALS', '帳號或密碼錯誤']);
  assert.is(g.counter.status().clerk, null);
  try {
    g.counter.simulatePress('satisfied');
    assert.unreachable();
  } catch (e) {
    assert.ok(isCountergateError(e) && e.code === 'CG_SIM_UNAVAILABLE' && e.statusCode === 404);
  }
  assert.is(g.counter.status().simulatedButtons, false);
  assert.is((await err(g.counter.press('great' as never, 'screen'))).statusCode, 400);
  await g.counter.signIn('ann', 'pw');
  assert.is((await err(g.counter.completeCase('refund' as never))).statusCode, 400);
  assert.is((await err(g.counter.completeCase('receipt', 'bad id with spaces'))).code, 'CG_CASE_INVALID');
  await g.counter.completeCase('receipt', 'C-9');
  assert.is((await err(g.counter.completeCase('receipt', 'C-9'))).code, 'CG_CASE_DUPLICATE');
  g.close();
});

test('sign-out closes the open window; a button press afterwards is no-window with no clerk', async () => {
  const g = setup();
  await g.counter.signIn('ann', 'pw');
  await g.counter.completeCase('receipt', 'S-1');
  await g.counter.signOut();
  const s = g.counter.status();
  assert.equal([s.state, s.window, s.clerk], ['signed-out', null, null]);
  g.counter.simulatePress('very-dissatisfied');
  const last = g.events().at(-1) as Record<string, unknown>;
  assert.equal([last.kind, last.clerk, last.reason], ['press-ignored', null, 'no-window']);
  assert.equal(
    g.events().map((e) => e.kind),
    ['session', 'case', 'session', 'press-ignored'],
  );
  g.close();
});

test.run();
