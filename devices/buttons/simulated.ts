import type { RatingLevel } from '../../contract/ratings.ts';
import type { Logger } from '../../lib/logger.ts';
import { BaseDevice, Listeners } from '../base.ts';
import type { ButtonPress, RatingButtons } from '../contracts.ts';
import { ButtonDebouncer } from './debounce.ts';

export interface SimulatedButtonsOptions {
  /** 0 by default so that tests and the demo panel can press the same button in quick succession. */
  debounceMs?: number;
  logger?: Logger;
}

/**
 * Buttons without hardware, for the demo panel and tests. Presses go through the same
 * ButtonDebouncer as the GPIO backends; `edge()` feeds raw edges to simulate contact bounce.
 */
export class SimulatedButtons extends BaseDevice implements RatingButtons {
  readonly name = 'buttons';
  private readonly presses: Listeners<ButtonPress>;
  private readonly debouncer: ButtonDebouncer;
  private running = false;

  constructor(opts: SimulatedButtonsOptions = {}) {
    super(opts.logger);
    this.presses = new Listeners<ButtonPress>(opts.logger);
    this.debouncer = new ButtonDebouncer({
      debounceMs: opts.debounceMs ?? 0,
      onPress: (level, at) => this.presses.emit({ level, at }),
    });
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.debouncer.reset();
  }

  get started(): boolean {
    return this.running;
  }

  onPress(listener: (press: ButtonPress) => void): () => void {
    return this.presses.add(listener);
  }

  /** One clean press and release of a button; listeners are called synchronously. */
  press(level: RatingLevel): void {
    this.debouncer.edge(level, true);
    this.debouncer.edge(level, false);
  }

  /** A raw edge as a GPIO line would report it (active = pressed). */
  edge(level: RatingLevel, active: boolean): void {
    this.debouncer.edge(level, active);
  }
}
