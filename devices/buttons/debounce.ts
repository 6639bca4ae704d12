import type { RatingLevel } from '../../contract/ratings.ts';

export interface DebouncerOptions {
  debounceMs: number;
  onPress: (level: RatingLevel, at: number) => void;
  now?: () => number;
}

interface LineState {
  /** False between an accepted press and the line settling back to inactive. */
  armed: boolean;
  active: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Turns raw edges of the five button lines into presses. Every backend (GPIO, gpiomon,
 * simulated) feeds its edges here, so they all debounce the same way.
 *
 * A press is accepted on the first active edge of an armed line, so the resident hears the
 * reaction without the debounce delay; the line is re-armed only after it has stayed inactive
 * for debounceMs. Contact bounce on press and on release therefore never yields a second press.
 */
export class ButtonDebouncer {
  private readonly lines = new Map<RatingLevel, LineState>();
  private readonly now: () => number;

  constructor(private readonly opts: DebouncerOptions) {
    this.now = opts.now ?? Date.now;
  }

  edge(level: RatingLevel, active: boolean): void {
    const line = this.line(level);
    line.active = active;
    if (line.timer) clearTimeout(line.timer);
    line.timer = undefined;
    if (active) {
      if (line.armed) {
        line.armed = false;
        this.opts.onPress(level, this.now());
      }
      return;
    }
    if (line.armed) return;
    const rearm = () => {
      line.timer = undefined;
      if (!line.active) line.armed = true;
    };
    if (this.opts.debounceMs <= 0) rearm();
    else {
      line.timer = setTimeout(rearm, this.opts.debounceMs);
      line.timer.unref?.();
    }
  }

  /** Forgets all line state (used when a backend restarts and edges may have been lost). */
  reset(): void {
    for (const line of this.lines.values()) if (line.timer) clearTimeout(line.timer);
    this.lines.clear();
  }

  private line(level: RatingLevel): LineState {
    let line = this.lines.get(level);
    if (!line) {
      line = { armed: true, active: false };
      this.lines.set(level, line);
    }
    return line;
  }
}
