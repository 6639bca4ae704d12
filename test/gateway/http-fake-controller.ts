import { CountergateError } from '../../lib/errors.ts';
import type { AlarmView } from '../../contract/messages.ts';
import type { RatingLevel } from '../../contract/ratings.ts';
import type { CounterController, CounterStatus } from '../../gateway/http/controller.ts';

/**
 * A small in-memory CounterController for the HTTP and kiosk tests: the rules the screens
 * depend on (sign-in, no case → no rating, one press per case, window closes on the press)
 * without MQTT, outbox or devices. It records every call so tests can assert what arrived.
 */
export class FakeCounter implements CounterController {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly simulatedPresses: RatingLevel[] = [];
  readonly screenPresses: RatingLevel[] = [];
  private listeners = new Set<(s: CounterStatus) => void>();
  private s: CounterStatus;
  private nextCase = 1;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    opts: Partial<CounterStatus> & { accounts?: Record<string, { password: string; displayName: string }> } = {},
    private readonly windowS = 30,
  ) {
    const { accounts, ...status } = opts;
    this.accounts = accounts ?? { clerk01: { password: 'pw-clerk01', displayName: '王小明' } };
    this.s = {
      office: 'taichung-xitun',
      counter: 'c01',
      role: 'counter',
      clerk: null,
      state: 'signed-out',
      window: null,
      lastRating: null,
      online: true,
      outboxPending: 0,
      devices: { buttons: { status: 'ok' }, voice: { status: 'ok' } },
      simulatedButtons: true,
      ...status,
    };
  }

  private readonly accounts: Record<string, { password: string; displayName: string }>;

  status(): CounterStatus {
    return structuredClone(this.s);
  }

  onStatus(listener: (s: CounterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test hook: change any part of the status and push it, as the real gateway does. */
  update(patch: Partial<CounterStatus>): void {
    this.s = { ...this.s, ...patch };
    this.emit();
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  async signIn(username: string, password: string): Promise<{ username: string; displayName: string }> {
    this.calls.push({ method: 'signIn', args: [username] });
    const account = this.accounts[username];
    if (!account || account.password !== password) {
      throw new CountergateError('CG_AUTH_BAD_CREDENTIALS', `bad credentials for ${username}`, {
        statusCode: 401,
        userMessage: '帳號或密碼錯誤。',
      });
    }
    const clerk = { username, displayName: account.displayName };
    this.update({ clerk, state: this.s.window ? 'window-open' : 'idle' });
    return clerk;
  }

  async signOut(): Promise<void> {
    this.calls.push({ method: 'signOut', args: [] });
    this.closeWindow();
    this.update({ clerk: null, state: 'signed-out', window: null });
  }

  async completeCase(outcome: 'receipt' | 'notice', caseId?: string): Promise<{ caseId: string; closesAt: string }> {
    this.calls.push({ method: 'completeCase', args: [outcome, caseId] });
    if (!this.s.clerk) {
      throw new CountergateError('CG_CASE_NO_CLERK', 'no clerk signed in', {
        statusCode: 409,
        userMessage: '請先登入櫃檯人員帳號，才能結案。',
      });
    }
    const id = caseId ?? `auto-${this.nextCase++}`;
    const closesAt = new Date(Date.now() + this.windowS * 1000).toISOString();
    this.closeWindow();
    this.timer = setTimeout(() => this.update({ window: null, state: 'idle' }), this.windowS * 1000);
    this.timer.unref();
    this.update({ state: 'window-open', window: { caseId: id, closesAt, windowS: this.windowS } });
    return { caseId: id, closesAt };
  }

  async press(level: RatingLevel, source: 'screen'): Promise<{ counted: boolean; reason?: 'no-window' | 'already-rated' }> {
    this.calls.push({ method: 'press', args: [level, source] });
    this.screenPresses.push(level);
    return this.rate(level);
  }

  simulatePress(level: RatingLevel): void {
    this.calls.push({ method: 'simulatePress', args: [level] });
    if (!this.s.simulatedButtons) {
      throw new CountergateError('CG_SIM_UNAVAILABLE', 'buttons are not simulated', { statusCode: 404 });
    }
    this.simulatedPresses.push(level);
    this.rate(level);
  }

  close(): void {
    this.closeWindow();
    this.listeners.clear();
  }

  private rate(level: RatingLevel): { counted: boolean; reason?: 'no-window' | 'already-rated' } {
    const win = this.s.window;
    if (!win) {
      const rated = this.s.lastRating !== null;
      return { counted: false, reason: rated ? 'already-rated' : 'no-window' };
    }
    this.closeWindow();
    this.update({
      window: null,
      state: 'idle',
      lastRating: { caseId: win.caseId, level, at: new Date().toISOString() },
    });
    return { counted: true };
  }

  private closeWindow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(): void {
    const snapshot = this.status();
    for (const l of this.listeners) l(snapshot);
  }
}

/** An alarm as central broadcasts it to alarm stations (contract AlarmView). */
export function sampleAlarm(over: Partial<AlarmView> = {}): AlarmView {
  const at = new Date().toISOString();
  return {
    id: 'alarm-1',
    office: 'taichung-xitun',
    counter: 'c03',
    clerk: 'clerk03',
    severity: 'critical',
    state: 'raised',
    raisedAt: at,
    updatedAt: at,
    pressCount: 1,
    lastLevel: 'very-dissatisfied',
    lastEventId: 'taichung-xitun.c03.boot1.17',
    lastPressAt: at,
    escalations: 0,
    ...over,
  };
}
