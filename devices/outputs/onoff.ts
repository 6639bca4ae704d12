import { Gpio, type BinaryValue, type Direction, type Edge, type Options } from 'onoff';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { BaseDevice, OK, faultStatus } from '../base.ts';
import type { BinaryOutput } from '../contracts.ts';

/** The part of onoff's Gpio this driver uses; tests may pass a stand-in class. */
export interface GpioOutputPin {
  write(value: BinaryValue): Promise<void>;
  unexport(): void;
}
export interface GpioOutputClass {
  new (gpio: number, direction: Direction, edge?: Edge, options?: Options): GpioOutputPin;
  accessible: boolean;
}

export interface OnoffOutputOptions {
  pin: number;
  activeLow: boolean;
  logger?: Logger;
  gpio?: GpioOutputClass;
}

/** The supervisor's lamp or bell on one sysfs GPIO pin; 1 means on for either wiring. */
export class OnoffOutput extends BaseDevice implements BinaryOutput {
  private pin?: GpioOutputPin;
  private value = false;
  private readonly gpio: GpioOutputClass;

  constructor(
    readonly name: 'lamp' | 'bell',
    private readonly opts: OnoffOutputOptions,
  ) {
    super(opts.logger);
    this.gpio = opts.gpio ?? Gpio;
  }

  /** Never throws: an inaccessible GPIO is reported as a fault and set() then rejects. */
  async start(): Promise<void> {
    if (this.pin) return;
    if (!this.gpio.accessible) {
      this.setStatus(
        faultStatus(
          'CG_DEV_GPIO_UNAVAILABLE',
          `GPIO sysfs (/sys/class/gpio) is not accessible for the ${this.name} on pin ${this.opts.pin}: ` +
            "the kernel lacks the sysfs GPIO interface or the gateway user is not in the 'gpio' group. " +
            'Fix permissions or configure the gpioset backend.',
        ),
      );
      return;
    }
    try {
      this.pin = new this.gpio(this.opts.pin, 'out', undefined, { activeLow: this.opts.activeLow });
      await this.pin.write(0);
      this.value = false;
      this.setStatus(OK);
    } catch (err) {
      this.pin = undefined;
      this.setStatus(
        faultStatus('CG_DEV_GPIO_UNAVAILABLE', `cannot open GPIO ${this.opts.pin} for the ${this.name}: ${(err as Error).message}`),
      );
    }
  }

  async stop(): Promise<void> {
    const pin = this.pin;
    if (!pin) return;
    try {
      await pin.write(0);
      pin.unexport();
    } catch (err) {
      this.logger?.warn({ err, device: this.name }, 'releasing output GPIO failed');
    }
    this.pin = undefined;
    this.value = false;
  }

  async set(on: boolean): Promise<void> {
    const pin = this.pin;
    if (!pin) {
      const st = this.status();
      throw new CountergateError(st.code ?? 'CG_DEV_GPIO_UNAVAILABLE', st.message ?? `${this.name} is not started`);
    }
    try {
      await pin.write(on ? 1 : 0);
      this.value = on;
      this.setStatus(OK);
    } catch (err) {
      const message = `writing GPIO ${this.opts.pin} (${this.name}) failed: ${(err as Error).message}`;
      this.setStatus(faultStatus('CG_DEV_GPIO_WRITE_FAILED', message));
      throw new CountergateError('CG_DEV_GPIO_WRITE_FAILED', message, { cause: err });
    }
  }

  get(): boolean {
    return this.value;
  }
}
