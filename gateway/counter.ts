import { randomBytes } from 'node:crypto';
import type { AlarmView, CaseOutcome, DeviceStatus } from '../contract/messages.ts';
import { RATING_LEVELS, type RatingLevel } from '../contract/ratings.ts';
import { Listeners } from '../devices/base.ts';
import type { GatewayDevices } from '../devices/factory.ts';
import { CountergateError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { ClerkAuth } from './clerk-auth.ts';
import type { Outbox } from './outbox.ts';
import type { Effect, RatingMachine } from './rating/machine.ts';

export interface CounterStatus {
  office: string;
  counter: string;
  role: 'counter' | 'alarm-station';
  clerk: { username: string; displayName: string } | null;
  state: 'signed-out' | 'idle' | 'window-open';
  window: { caseId: string; closesAt: string; windowS: number } | null;
  lastRating: { caseId: string; level: RatingLevel; at: string } | null;
  online: boolean;
  outboxPending: number;
  devices: Record<string, DeviceStatus>;
  simulatedButtons: boolean;
  /** Alarm-station role only: the office's alarms that are not resolved (gateway/station.ts). */
  alarms?: AlarmView[];
}

export interface CounterController {
  status(): CounterStatus;
  onStatus(listener: (s: CounterStatus) => void): () => void;
  signIn(username: string, password: string): Promise<{ username: string; displayName: string }>;
  signOut(): Promise<void>;
  /** CG_CASE_NO_CLERK (409, zh-TW) when signed out. */
  completeCase(outcome: 'receipt' | 'notice', caseId?: string): Promise<{ caseId: string; closesAt: string }>;
  press(level: RatingLevel, source: 'screen'): Promise<{ counted: boolean; reason?: 'no-window' | 'already-rated' }>;
  /** Throws CG_SIM_UNAVAILABLE (404) unless buttons are simulated. */
  simulatePress(level: RatingLevel): void;
}

/** What the controller needs to know about the link to central. */
export interface LinkState {
  readonly connected: boolean;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

export interface CounterOptions {
  office: string;
  counter: string;
  machine: RatingMachine;
  outbox: Outbox;
  clerkAuth: ClerkAuth;
  devices: GatewayDevices;
  link?: LinkState;
  /** Called after each event is appended (the app kicks the outbox sender). */
  afterAppend?: () => void;
  logger: Logger;
  now?: () => number;
}

const CASE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;

export function simUnavailable(): CountergateError {
  return new CountergateError('CG_SIM_UNAVAILABLE', 'the buttons of this counter are not simulated', {
    statusCode: 404,
    userMessage: '此櫃檯沒有模擬按鈕。',
  });
}

export function invalidLevel(level: unknown): CountergateError {
  return new CountergateError('CG_RATING_INVALID_LEVEL', `unknown rating level '${String(level)}'`, {
    statusCode: 400,
    userMessage: '評分選項不正確。',
  });
}

/**
 * The counter's controller: carries out the rating machine's effects (outbox append first,
 * then voice, window timer, status), feeds it the physical buttons and the touch screen, and
 * tells the HTTP room about every change. A failing voice prompt never blocks a rating; it
 * shows as the voice device's fault in health.
 */
export class Counter implements CounterController {
  private readonly listeners: Listeners<CounterStatus>;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly unsubscribe: Array<() => void> = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly opts: CounterOptions) {
    this.log = opts.logger.child({ part: 'counter' });
    this.listeners = new Listeners<CounterStatus>(this.log);
    this.now = opts.now ?? Date.now;
  }

  /** Listens to buttons, device health, the link and the outbox. Devices are started by the app. */
  start(): void {
    const { devices, link, outbox } = this.opts;
    if (devices.buttons) {
      // The machine's clock, not the edge's, so that windows and presses share one time base.
      this.unsubscribe.push(devices.buttons.onPress((p) => this.apply(this.opts.machine.press(p.level, 'button', this.now()))));
    }
    for (const d of devices.all()) this.unsubscribe.push(d.onStatus(() => this.changed()));
    if (link) this.unsubscribe.push(link.onConnectionChange(() => this.changed()));
    this.unsubscribe.push(outbox.onChange(() => this.changed()));
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  status(): CounterStatus {
    const snap = this.opts.machine.snapshot();
    const devices: Record<string, DeviceStatus> = {};
    for (const d of this.opts.devices.all()) devices[d.name] = d.status();
    return {
      office: this.opts.office,
      counter: this.opts.counter,
      role: 'counter',
      clerk: snap.clerk,
      state: snap.state,
      window: snap.window
        ? { caseId: snap.window.caseId, closesAt: iso(snap.window.closesAt), windowS: snap.window.windowS }
        : null,
      lastRating: snap.lastRating ? { ...snap.lastRating, at: iso(snap.lastRating.at) } : null,
      online: this.opts.link?.connected ?? false,
      outboxPending: this.opts.outbox.pending(),
      devices,
      simulatedButtons: this.opts.devices.simulatedButtons !== undefined,
    };
  }

  onStatus(listener: (s: CounterStatus) => void): () => void {
    return this.listeners.add(listener);
  }

  async signIn(username: string, password: string): Promise<{ username: string; displayName: string }> {
    const { clerk, via } = await this.opts.clerkAuth.verify(username, password);
    this.log.info({ clerk: clerk.username, via }, 'clerk signed in');
    this.apply(this.opts.machine.signIn(clerk));
    return clerk;
  }

  async signOut(): Promise<void> {
    this.apply(this.opts.machine.signOut());
  }

  async completeCase(outcome: CaseOutcome, caseId?: string): Promise<{ caseId: string; closesAt: string }> {
    if (outcome !== 'receipt' && outcome !== 'notice') {
      throw new CountergateError('CG_CASE_INVALID', `outcome must be receipt or notice, got '${String(outcome)}'`, {
        statusCode: 400,
        userMessage: '結案方式不正確（收據或一次告知單）。',
      });
    }
    const id = caseId ?? this.newCaseId();
    if (!CASE_ID_RE.test(id)) {
      throw new CountergateError('CG_CASE_INVALID', 'caseId must be 1-80 letters, digits or . _ : -', {
        statusCode: 400,
        userMessage: '案件編號格式不正確。',
      });
    }
    const effects = this.opts.machine.completeCase(id, outcome);
    this.apply(effects);
    const open = effects.find((e) => e.type === 'open');
    return { caseId: id, closesAt: iso(open?.type === 'open' ? open.closesAt : this.now()) };
  }

  async press(level: RatingLevel, source: 'screen'): Promise<{ counted: boolean; reason?: 'no-window' | 'already-rated' }> {
    if (!(RATING_LEVELS as readonly string[]).includes(level)) throw invalidLevel(level);
    const effects = this.opts.machine.press(level, source, this.now());
    this.apply(effects);
    for (const e of effects) {
      if (e.type === 'emit' && e.kind === 'rating') return { counted: true };
      if (e.type === 'emit' && e.kind === 'press-ignored') return { counted: false, reason: e.body.reason };
    }
    return { counted: false, reason: 'no-window' };
  }

  simulatePress(level: RatingLevel): void {
    const sim = this.opts.devices.simulatedButtons;
    if (!sim) throw simUnavailable();
    if (!(RATING_LEVELS as readonly string[]).includes(level)) throw invalidLevel(level);
    sim.press(level);
  }

  /** Checks the window against the clock now (the timer does this on its own; tests with an injected clock call it). */
  tick(): void {
    this.apply(this.opts.machine.timeout(this.now()));
  }

  private apply(effects: Effect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'emit':
          try {
            const ev = this.opts.outbox.append(e.kind, e.body, e.at);
            this.log.info({ kind: e.kind, id: ev.id }, 'event recorded');
            this.opts.afterAppend?.();
          } catch (err) {
            this.log.error({ err, kind: e.kind }, 'event not recorded');
          }
          break;
        case 'play':
          this.play(e.prompt);
          break;
        case 'open':
          this.schedule(e.closesAt);
          break;
        case 'close':
          this.log.info({ caseId: e.caseId, rated: e.rated, why: e.why }, 'rating window closed');
          if (this.timer) clearTimeout(this.timer);
          this.timer = undefined;
          break;
      }
    }
    if (effects.length > 0) this.changed();
  }

  private play(prompt: 'invite-rating' | 'thank-you'): void {
    const voice = this.opts.devices.voice;
    if (!voice) return;
    try {
      voice.play(prompt).catch((err: unknown) => this.log.warn({ err, prompt }, 'voice prompt failed'));
    } catch (err) {
      this.log.warn({ err, prompt }, 'voice prompt failed');
    }
  }

  private schedule(closesAt: number): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, closesAt - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
      // With an injected clock the window may still be open: look again when it should end.
      const win = this.opts.machine.snapshot().window;
      if (win && !this.timer) this.schedule(Math.max(win.closesAt, this.now() + 50));
    }, delay);
    this.timer.unref?.();
  }

  private changed(): void {
    this.listeners.emit(this.status());
  }

  private newCaseId(): string {
    const d = new Date(this.now());
    const stamp = d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    return `${this.opts.counter}-${stamp}-${randomBytes(3).toString('hex')}`;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
