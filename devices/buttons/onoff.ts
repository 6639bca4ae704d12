import { Gpio, type BinaryValue, type Direction, type Edge, type Options } from 'onoff';
import { RATING_LEVELS, type RatingLevel } from '../../contract/ratings.ts';
import type { Logger } from '../../lib/logger.ts';
import { OK, faultStatus } from '../base.ts';
import { DebouncedButtons } from './debounced.ts';

/** The part of onoff's Gpio this driver uses; tests may pass a stand-in class. */
export interface GpioInput {
  watch(callback: (err: Error | null | undefined, value: BinaryValue) => void): void;
  unwatchAll(): void;
  unexport(): void;
}
export interface GpioClass {
  new (gpio: number, direction: Direction, edge?: Edge, options?: Options): GpioInput;
  accessible: boolean;
}

export interface OnoffButtonsOptions {
  pins: Record<RatingLevel, number>;
  activeLow: boolean;
  debounceMs: number;
  logger?: Logger;
  gpio?: GpioClass;
}

/**
 * Five buttons on sysfs GPIO through onoff. onoff's activeLow option makes 1 mean "pressed"
 * for either wiring, so both edges are watched and only the active level counts as a press;
 * the release edge is what re-arms the debouncer. onoff's debounceTimeout filters bounce in
 * the kernel-event stream first.
 */
export class OnoffButtons extends DebouncedButtons {
  private readonly gpio: GpioClass;
  private inputs: GpioInput[] = [];

  constructor(private readonly opts: OnoffButtonsOptions) {
    super({ debounceMs: opts.debounceMs, logger: opts.logger });
    this.gpio = opts.gpio ?? Gpio;
  }

  /** Never throws: a missing GPIO interface is a fault to report, not a reason to stop the gateway. */
  async start(): Promise<void> {
    if (this.inputs.length > 0) return;
    if (!this.gpio.accessible) {
      this.setStatus(
        faultStatus(
          'CG_DEV_GPIO_UNAVAILABLE',
          'GPIO sysfs (/sys/class/gpio) is not accessible: the kernel lacks the sysfs GPIO interface ' +
            "or the gateway user is not in the 'gpio' group. Fix permissions or configure the gpiomon backend.",
        ),
      );
      return;
    }
    try {
      for (const level of RATING_LEVELS) {
        const pin = this.opts.pins[level];
        const input = new this.gpio(pin, 'in', 'both', {
          activeLow: this.opts.activeLow,
          debounceTimeout: this.opts.debounceMs,
        });
        this.inputs.push(input);
        input.watch((err, value) => this.onValue(level, pin, err, value));
      }
      this.setStatus(OK);
    } catch (err) {
      this.release();
      this.setStatus(
        faultStatus('CG_DEV_GPIO_UNAVAILABLE', `cannot open button GPIO pins: ${(err as Error).message}`),
      );
    }
  }

  async stop(): Promise<void> {
    this.release();
    this.resetDebounce();
  }

  private onValue(level: RatingLevel, pin: number, err: Error | null | undefined, value: BinaryValue): void {
    if (err) {
      this.setStatus(faultStatus('CG_DEV_GPIO_READ_FAILED', `reading GPIO ${pin} (${level}) failed: ${err.message}`));
      return;
    }
    this.setStatus(OK);
    this.rawEdge(level, value === 1);
  }

  private release(): void {
    for (const input of this.inputs) {
      try {
        input.unwatchAll();
        input.unexport();
      } catch (err) {
        this.logger?.warn({ err }, 'releasing a button GPIO failed');
      }
    }
    this.inputs = [];
  }
}
