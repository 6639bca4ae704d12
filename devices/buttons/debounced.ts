import type { RatingLevel } from '../../contract/ratings.ts';
import type { Logger } from '../../lib/logger.ts';
import { BaseDevice, Listeners } from '../base.ts';
import type { ButtonPress, RatingButtons } from '../contracts.ts';
import { ButtonDebouncer } from './debounce.ts';

/**
 * What every button backend shares: raw edges go through one ButtonDebouncer and each press
 * reaches the listeners. Backends only turn their source (GPIO, gpiomon, the demo panel) into
 * `edge()` calls and reset the debouncer when they stop.
 */
export abstract class DebouncedButtons extends BaseDevice implements RatingButtons {
  readonly name = 'buttons';
  private readonly presses: Listeners<ButtonPress>;
  private readonly debouncer: ButtonDebouncer;

  protected constructor(opts: { debounceMs: number; logger?: Logger }) {
    super(opts.logger);
    this.presses = new Listeners<ButtonPress>(opts.logger);
    this.debouncer = new ButtonDebouncer({
      debounceMs: opts.debounceMs,
      onPress: (level, at) => this.presses.emit({ level, at }),
    });
  }

  onPress(listener: (press: ButtonPress) => void): () => void {
    return this.presses.add(listener);
  }

  /** A raw edge of one button (active = pressed). */
  protected rawEdge(level: RatingLevel, active: boolean): void {
    this.debouncer.edge(level, active);
  }

  protected resetDebounce(): void {
    this.debouncer.reset();
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
