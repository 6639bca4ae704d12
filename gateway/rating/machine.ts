import type { CaseOutcome, EventByKind, PressIgnoredReason } from '../../contract/messages.ts';
import type { RatingLevel } from '../../contract/ratings.ts';
import type { EventKind } from '../../contract/topics.ts';
import type { VoicePrompt } from '../../devices/contracts.ts';
import { CountergateError } from '../../lib/errors.ts';

/**
 * The counter's rating rules as a pure state machine (DOMAIN.md, "The satisfaction buttons").
 * No I/O and no timers: every input returns the effects the gateway must carry out, time comes
 * from the injected clock or the input itself, so every rule is tested without hardware.
 *
 *   signed-out ──signIn──▶ idle ──completeCase──▶ window-open ──(press | timeout | next case)──▶ idle
 *        ▲                  │                          │
 *        └──────signOut─────┴──────────signOut─────────┘   (closes an open window, case unrated)
 *
 * Decisions (documented in docs/INTERFACES.md, "Deviations / decisions", gateway core):
 * - The first press of a window counts and closes the window at once (thank-you prompt). Further
 *   presses until the window's original end are `press-ignored` with reason `already-rated`;
 *   later presses, or presses with no case completed, are `no-window`.
 * - Completing a new case while a window is open closes the old window; that case stays unrated
 *   (its `case` event is already out, and no `rating` will follow). The new case gets a fresh window.
 * - A caseId completed recently cannot be completed again (CG_CASE_DUPLICATE): a double submit
 *   must not open a second window for one case.
 * - A press arriving at or after `closesAt` is treated as if the timeout had fired first.
 */

export type MachineState = 'signed-out' | 'idle' | 'window-open';

export interface Clerk {
  username: string;
  displayName: string;
}

export type PressSource = 'button' | 'screen';

/** An event body without the outbox's `id`, `seq` and `ts`. */
export type EventBody<K extends EventKind> = Omit<EventByKind[K], 'id' | 'seq' | 'ts'>;

export type EmitEffect = {
  [K in EventKind]: { type: 'emit'; kind: K; body: EventBody<K>; at: number };
}[EventKind];

export type Effect =
  | EmitEffect
  | { type: 'play'; prompt: VoicePrompt }
  | { type: 'open'; caseId: string; openedAt: number; closesAt: number; windowS: number }
  | { type: 'close'; caseId: string; rated: boolean; why: 'rated' | 'timeout' | 'superseded' | 'sign-out' };

export interface OpenWindow {
  caseId: string;
  openedAt: number;
  closesAt: number;
  windowS: number;
}

export interface LastRating {
  caseId: string;
  level: RatingLevel;
  at: number;
}

export interface MachineSettings {
  /** Seconds a completed case keeps the rating open (central's cfg.ratingWindowS). */
  windowS: number;
  /** Whether the voice prompts are played (central's cfg.voicePrompt). */
  voicePrompt: boolean;
}

export interface MachineSnapshot {
  state: MachineState;
  clerk: Clerk | null;
  window: OpenWindow | null;
  lastRating: LastRating | null;
  settings: MachineSettings;
}

const RECENT_CASES = 200;

export class RatingMachine {
  private clerk: Clerk | null = null;
  private window: OpenWindow | null = null;
  /** The case rated last and until when further presses count as `already-rated`. */
  private rated: { caseId: string; until: number } | null = null;
  private lastRating: LastRating | null = null;
  private readonly recentCases: string[] = [];
  private settings: MachineSettings;

  constructor(
    settings: MachineSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { ...settings };
  }

  /** New settings apply to windows opened from now on; an open window keeps its end. */
  configure(settings: Partial<MachineSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  get state(): MachineState {
    if (this.clerk === null) return 'signed-out';
    return this.window === null ? 'idle' : 'window-open';
  }

  snapshot(): MachineSnapshot {
    return {
      state: this.state,
      clerk: this.clerk ? { ...this.clerk } : null,
      window: this.window ? { ...this.window } : null,
      lastRating: this.lastRating ? { ...this.lastRating } : null,
      settings: { ...this.settings },
    };
  }

  /** A clerk signs in; another clerk still signed in is signed out first. */
  signIn(clerk: Clerk): Effect[] {
    const effects: Effect[] = [];
    if (this.clerk !== null) {
      if (this.clerk.username === clerk.username) {
        this.clerk = { ...clerk };
        return effects;
      }
      effects.push(...this.signOut());
    }
    this.clerk = { ...clerk };
    this.rated = null;
    effects.push({ type: 'emit', kind: 'session', body: { clerk: clerk.username, action: 'sign-in' }, at: this.now() });
    return effects;
  }

  signOut(): Effect[] {
    if (this.clerk === null) return [];
    const effects: Effect[] = [];
    if (this.window) {
      effects.push({ type: 'close', caseId: this.window.caseId, rated: false, why: 'sign-out' });
      this.window = null;
    }
    effects.push({
      type: 'emit',
      kind: 'session',
      body: { clerk: this.clerk.username, action: 'sign-out' },
      at: this.now(),
    });
    this.clerk = null;
    this.rated = null;
    return effects;
  }

  /** The clerk printed a receipt or a one-time notice: the case is done and may be rated. */
  completeCase(caseId: string, outcome: CaseOutcome): Effect[] {
    if (this.clerk === null) {
      throw new CountergateError('CG_CASE_NO_CLERK', 'a case can only be completed while a clerk is signed in', {
        statusCode: 409,
        userMessage: '請先登入櫃檯人員帳號，才能結案。',
      });
    }
    if (this.recentCases.includes(caseId)) {
      throw new CountergateError('CG_CASE_DUPLICATE', `case ${caseId} was already completed at this counter`, {
        statusCode: 409,
        userMessage: '此案件已結案，請勿重複送出。',
      });
    }
    const at = this.now();
    const effects: Effect[] = [];
    if (this.window) {
      effects.push({ type: 'close', caseId: this.window.caseId, rated: false, why: 'superseded' });
      this.window = null;
    }
    this.rated = null;
    this.recentCases.push(caseId);
    if (this.recentCases.length > RECENT_CASES) this.recentCases.shift();
    const windowS = this.settings.windowS;
    const win: OpenWindow = { caseId, openedAt: at, closesAt: at + windowS * 1000, windowS };
    this.window = win;
    effects.push({ type: 'emit', kind: 'case', body: { clerk: this.clerk.username, caseId, outcome, windowS }, at });
    effects.push({ type: 'open', ...win });
    if (this.settings.voicePrompt) effects.push({ type: 'play', prompt: 'invite-rating' });
    return effects;
  }

  /** A button or touch-screen press at time `at`. Every press yields exactly one event. */
  press(level: RatingLevel, source: PressSource, at: number): Effect[] {
    const effects = this.timeout(at);
    const clerk = this.clerk?.username ?? null;
    const win = this.window;
    if (win && clerk !== null) {
      this.window = null;
      this.rated = { caseId: win.caseId, until: win.closesAt };
      this.lastRating = { caseId: win.caseId, level, at };
      effects.push({
        type: 'emit',
        kind: 'rating',
        body: { clerk, caseId: win.caseId, level, source, afterMs: Math.max(0, Math.round(at - win.openedAt)) },
        at,
      });
      effects.push({ type: 'close', caseId: win.caseId, rated: true, why: 'rated' });
      if (this.settings.voicePrompt) effects.push({ type: 'play', prompt: 'thank-you' });
      return effects;
    }
    const reason: PressIgnoredReason = this.rated && at < this.rated.until ? 'already-rated' : 'no-window';
    effects.push({ type: 'emit', kind: 'press-ignored', body: { clerk, level, source, reason }, at });
    return effects;
  }

  /** The window timer fired (or time passed): closes the window if its end has come. */
  timeout(at: number): Effect[] {
    const win = this.window;
    if (!win || at < win.closesAt) return [];
    this.window = null;
    return [{ type: 'close', caseId: win.caseId, rated: false, why: 'timeout' }];
  }
}
