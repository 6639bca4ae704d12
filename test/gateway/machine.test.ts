import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RatingMachine, type Effect } from '../../gateway/rating/machine.ts';
import { isCountergateError } from '../../lib/errors.ts';

const ANN = { username: 'ann', displayName: '王安' };
const BOB = { username: 'bob', displayName: '李博' };

function setup(windowS = 30, voicePrompt = true) {
  const clock = { t: 1_700_000_000_000 };
  const m = new RatingMachine({ windowS, voicePrompt }, () => clock.t);
  return { m, clock };
}

const emits = (effects: Effect[]) => effects.filter((e) => e.type === 'emit');
const kinds = (effects: Effect[]) => emits(effects).map((e) => (e.type === 'emit' ? e.kind : ''));
function ignoredReason(effects: Effect[]): string | undefined {
  const e = effects.find((x) => x.type === 'emit' && x.kind === 'press-ignored');
  return e?.type === 'emit' && e.kind === 'press-ignored' ? e.body.reason : undefined;
}

test('signed out: a press is ignored (no-window) with no clerk, and no case can be completed', () => {
  const { m, clock } = setup();
  assert.is(m.state, 'signed-out');
  const fx = m.press('very-satisfied', 'button', clock.t);
  assert.equal(kinds(fx), ['press-ignored']);
  const ev = fx[0];
  assert.ok(ev?.type === 'emit' && ev.kind === 'press-ignored');
  if (ev?.type === 'emit' && ev.kind === 'press-ignored') {
    assert.equal(ev.body, { clerk: null, level: 'very-satisfied', source: 'button', reason: 'no-window' });
  }
  try {
    m.completeCase('c1', 'receipt');
    assert.unreachable('completing a case while signed out must fail');
  } catch (err) {
    assert.ok(isCountergateError(err));
    if (isCountergateError(err)) {
      assert.is(err.code, 'CG_CASE_NO_CLERK');
      assert.is(err.statusCode, 409);
      assert.match(err.userMessage, /登入/);
    }
  }
  assert.is(m.state, 'signed-out');
});

test('signed in without a case: no rating, every press is no-window with the clerk named', () => {
  const { m, clock } = setup();
  assert.equal(kinds(m.signIn(ANN)), ['session']);
  assert.is(m.state, 'idle');
  for (const level of ['very-satisfied', 'satisfied', 'very-satisfied'] as const) {
    const fx = m.press(level, 'screen', clock.t);
    assert.equal(kinds(fx), ['press-ignored']);
    assert.is(ignoredReason(fx), 'no-window');
  }
  assert.is(m.snapshot().lastRating, null);
});

test('completing a case opens a 30 s window, emits the case and invites the resident', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  const fx = m.completeCase('case-1', 'notice');
  assert.equal(fx, [
    { type: 'emit', kind: 'case', body: { clerk: 'ann', caseId: 'case-1', outcome: 'notice', windowS: 30 }, at: clock.t },
    { type: 'open', caseId: 'case-1', openedAt: clock.t, closesAt: clock.t + 30_000, windowS: 30 },
    { type: 'play', prompt: 'invite-rating' },
  ]);
  assert.is(m.state, 'window-open');
});

test('first press counts (rating with afterMs), closes the window, thanks; second press is already-rated', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('case-1', 'receipt');
  clock.t += 4_200;
  const fx = m.press('dissatisfied', 'button', clock.t);
  assert.equal(fx, [
    {
      type: 'emit',
      kind: 'rating',
      body: { clerk: 'ann', caseId: 'case-1', level: 'dissatisfied', source: 'button', afterMs: 4200 },
      at: clock.t,
    },
    { type: 'close', caseId: 'case-1', rated: true, why: 'rated' },
    { type: 'play', prompt: 'thank-you' },
  ]);
  assert.is(m.state, 'idle');
  assert.equal(m.snapshot().lastRating, { caseId: 'case-1', level: 'dissatisfied', at: clock.t });
  clock.t += 1_000;
  const again = m.press('very-satisfied', 'screen', clock.t);
  assert.equal(kinds(again), ['press-ignored']);
  assert.is(ignoredReason(again), 'already-rated');
  // once the original window's time is over, further presses are no-window
  clock.t += 30_000;
  assert.is(ignoredReason(m.press('satisfied', 'button', clock.t)), 'no-window');
  assert.equal(m.snapshot().lastRating?.level, 'dissatisfied');
});

test('the window closes after exactly windowS: 29.999 s counts, 30 s does not', () => {
  const a = setup();
  a.m.signIn(ANN);
  a.m.completeCase('c', 'receipt');
  assert.equal(a.m.timeout(a.clock.t + 29_999), [], 'timer firing early changes nothing');
  assert.equal(kinds(a.m.press('satisfied', 'button', a.clock.t + 29_999)), ['rating']);

  const b = setup();
  b.m.signIn(ANN);
  b.m.completeCase('c', 'receipt');
  const fx = b.m.press('satisfied', 'button', b.clock.t + 30_000);
  assert.equal(fx[0], { type: 'close', caseId: 'c', rated: false, why: 'timeout' });
  assert.is(ignoredReason(fx), 'no-window');
  assert.is(b.m.state, 'idle');
});

test('timeout closes the window unrated; later presses are no-window', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('c', 'receipt');
  clock.t += 30_000;
  assert.equal(m.timeout(clock.t), [{ type: 'close', caseId: 'c', rated: false, why: 'timeout' }]);
  assert.equal(m.timeout(clock.t + 1), [], 'a second timeout is a no-op');
  assert.is(m.state, 'idle');
  assert.is(ignoredReason(m.press('very-dissatisfied', 'button', clock.t + 5)), 'no-window');
  assert.is(m.snapshot().lastRating, null);
});

test('window length follows configure() for new windows only', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('c1', 'receipt');
  m.configure({ windowS: 10 });
  assert.is(m.snapshot().window?.closesAt, clock.t + 30_000, 'the open window keeps its end');
  m.press('satisfied', 'button', clock.t);
  const fx = m.completeCase('c2', 'receipt');
  const open = fx.find((e) => e.type === 'open');
  assert.equal(open, { type: 'open', caseId: 'c2', openedAt: clock.t, closesAt: clock.t + 10_000, windowS: 10 });
  const ev = fx.find((e) => e.type === 'emit');
  assert.ok(ev?.type === 'emit' && ev.kind === 'case' && ev.body.windowS === 10);
});

test('voice prompts off: no play effects, rating still counts', () => {
  const { m, clock } = setup(30, false);
  m.signIn(ANN);
  const fx = [...m.completeCase('c', 'receipt'), ...m.press('satisfied', 'button', clock.t + 1)];
  assert.not.ok(fx.some((e) => e.type === 'play'));
  assert.equal(kinds(fx), ['case', 'rating']);
});

test('a new case while a window is open supersedes it: old case unrated, press rates the new case', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('old', 'receipt');
  clock.t += 5_000;
  const fx = m.completeCase('new', 'notice');
  assert.equal(fx[0], { type: 'close', caseId: 'old', rated: false, why: 'superseded' });
  assert.equal(kinds(fx), ['case']);
  const p = m.press('satisfied', 'screen', clock.t + 1_000);
  const ev = p.find((e) => e.type === 'emit');
  assert.ok(ev?.type === 'emit' && ev.kind === 'rating' && ev.body.caseId === 'new' && ev.body.afterMs === 1_000);
});

test('after a rated case, a new case opens a new window that can be rated once', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('a', 'receipt');
  m.press('satisfied', 'button', clock.t + 100);
  m.completeCase('b', 'receipt');
  assert.equal(kinds(m.press('very-satisfied', 'button', clock.t + 200)), ['rating']);
  assert.is(ignoredReason(m.press('very-satisfied', 'button', clock.t + 300)), 'already-rated');
});

test('the same caseId cannot be completed twice (no second window for one case)', () => {
  const { m } = setup();
  m.signIn(ANN);
  m.completeCase('dup', 'receipt');
  try {
    m.completeCase('dup', 'receipt');
    assert.unreachable();
  } catch (err) {
    assert.ok(isCountergateError(err) && err.code === 'CG_CASE_DUPLICATE' && err.statusCode === 409);
  }
  assert.is(m.snapshot().window?.caseId, 'dup');
});

test('sign-out with an open window closes it unrated and emits sign-out; presses afterwards have no clerk', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('c', 'receipt');
  const fx = m.signOut();
  assert.equal(fx, [
    { type: 'close', caseId: 'c', rated: false, why: 'sign-out' },
    { type: 'emit', kind: 'session', body: { clerk: 'ann', action: 'sign-out' }, at: clock.t },
  ]);
  assert.is(m.state, 'signed-out');
  assert.is(m.snapshot().window, null);
  const p = m.press('very-satisfied', 'button', clock.t + 1);
  const ev = p[0];
  assert.ok(ev?.type === 'emit' && ev.kind === 'press-ignored' && ev.body.clerk === null && ev.body.reason === 'no-window');
  assert.equal(m.signOut(), [], 'signing out twice does nothing');
});

test('sign-out after a rating forgets it: a press is no-window, not already-rated', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  m.completeCase('c', 'receipt');
  m.press('satisfied', 'button', clock.t + 1);
  m.signOut();
  m.signIn(ANN);
  assert.is(ignoredReason(m.press('satisfied', 'button', clock.t + 2)), 'no-window');
});

test('another clerk signing in signs the first out (window closed), same clerk again is a no-op', () => {
  const { m } = setup();
  m.signIn(ANN);
  assert.equal(m.signIn(ANN), []);
  m.completeCase('c', 'receipt');
  const fx = m.signIn(BOB);
  assert.equal(
    fx.map((e) => e.type === 'emit' && e.kind === 'session' ? `${e.body.action}:${e.body.clerk}` : e.type),
    ['close', 'sign-out:ann', 'sign-in:bob'],
  );
  assert.is(m.snapshot().clerk?.username, 'bob');
  assert.is(m.state, 'idle');
});

test('every press yields exactly one event: counted + ignored = presses', () => {
  const { m, clock } = setup();
  m.signIn(ANN);
  let rated = 0;
  let ignored = 0;
  const presses = 40;
  for (let i = 0; i < presses; i++) {
    if (i % 5 === 0) m.completeCase(`c${i}`, 'receipt');
    clock.t += 1_000;
    const k = kinds(m.press('satisfied', 'button', clock.t));
    assert.is(k.length, 1);
    if (k[0] === 'rating') rated++;
    else ignored++;
  }
  assert.is(rated, 8, 'one rating per case');
  assert.is(ignored, 32);
});

test.run();
