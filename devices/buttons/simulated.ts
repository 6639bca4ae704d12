import type { RatingLevel } from '../../contract/ratings.ts';
import type { Logger } from '../../lib/logger.ts';
import { DebouncedButtons } from './debounced.ts';

export interface SimulatedButtonsOptions {
  /** 0 by default so that tests and the demo panel can press the same button in quick succession. */
  debounceMs?: number;
  logger?: Logger;
}

/**
 * Buttons without hardware, for the demo panel and tests. Presses go through the same
 * ButtonDebouncer as the GPIO backends; `edge()` feeds raw edges to simulate contact bounce.
 */
export class SimulatedButtons extends DebouncedButtons {
  private running = false;

  constructor(opts: SimulatedButtonsOptions = {}) {
    super({ debounceMs: opts.debounceMs ?? 0, logger: opts.logger });
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.resetDebounce();
  }

  get started(): boolean {
    return this.running;
  }

  /** One clean press and release of a button; listeners are called synchronously. */
  press(level: RatingLevel): void {
    this.rawEdge(level, true);
    this.rawEdge(level, false);
  }

  /** A raw edge as a GPIO line would report it (active = pressed). */
  edge(level: RatingLevel, active: boolean): void {
    this.rawEdge(level, active);
  }
}
