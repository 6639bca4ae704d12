import { spawn, type ChildProcess } from 'node:child_process';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { BaseDevice, OK, faultStatus } from '../base.ts';
import type { BinaryOutput } from '../contracts.ts';
import { TextTail, libgpiodMajor, terminate } from '../process.ts';

export interface GpiosetOutputOptions {
  chip: string;
  line: number;
  activeLow: boolean;
  logger?: Logger;
  /** Path of the gpioset executable; tests point this at a script. */
  executable?: string;
  /** gpioset failing to request the line exits at once; set(true) waits this long to see that. */
  settleMs?: number;
}

export function gpiosetArgs(major: 1 | 2, chip: string, line: number, activeLow: boolean): string[] {
  const low = activeLow ? ['--active-low'] : [];
  // v1 exits right after setting (and the line reverts) unless told to wait for a signal;
  // v2 holds the line until it is killed.
  if (major === 1) return ['--mode=signal', ...low, chip, `${line}=1`];
  return ['--chip', chip, ...low, `${line}=1`];
}

/**
 * A lamp or bell on a GPIO character device through libgpiod's gpioset. A line requested
 * through the character device is only driven while the requesting process lives, so "on"
 * is a running gpioset holding the line active and "off" is that process ended and the line
 * released.
 */
export class GpiosetOutput extends BaseDevice implements BinaryOutput {
  private readonly executable: string;
  private major?: 1 | 2;
  private child?: ChildProcess;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly name: 'lamp' | 'bell',
    private readonly opts: GpiosetOutputOptions,
  ) {
    super(opts.logger);
    this.executable = opts.executable ?? 'gpioset';
  }

  async start(): Promise<void> {
    await this.detect();
  }

  async stop(): Promise<void> {
    await this.release();
  }

  get(): boolean {
    return this.child !== undefined;
  }

  /** Calls are serialised so that a quick on/off/on from the alarm logic cannot leave two holders. */
  set(on: boolean): Promise<void> {
    const next = this.queue.then(() => this.apply(on));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply(on: boolean): Promise<void> {
    if (!on) {
      await this.release();
      return;
    }
    if (this.child) return;
    const major = await this.detect();
    if (major === undefined) {
      const st = this.status();
      throw new CountergateError(st.code ?? 'CG_DEV_GPIOSET_UNAVAILABLE', st.message ?? 'gpioset unavailable');
    }
    const args = gpiosetArgs(major, this.opts.chip, this.opts.line, this.opts.activeLow);
    const stderr = new TextTail();
    const child = spawn(this.executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => stderr.push(err.message));
    const exited = new Promise<string>((resolve) => {
      child.on('close', (code, signal) => {
        const why = signal ? `signal ${signal}` : `code ${code}`;
        const detail = stderr.toString();
        resolve(`gpioset ${args.join(' ')} exited (${why})${detail ? `: ${detail}` : ''}`);
      });
    });
    void exited.then((message) => {
      // Exits we caused go through release(), which forgets the child first.
      if (this.child !== child) return;
      this.child = undefined;
      this.setStatus(faultStatus('CG_DEV_GPIOSET_FAILED', `${this.name} dropped: ${message}`));
    });
    let settle: ReturnType<typeof setTimeout> | undefined;
    const early = await Promise.race([
      exited,
      new Promise<undefined>((resolve) => {
        settle = setTimeout(() => resolve(undefined), this.opts.settleMs ?? 150);
      }),
    ]);
    clearTimeout(settle);
    if (early !== undefined) {
      throw new CountergateError('CG_DEV_GPIOSET_FAILED', `cannot switch on the ${this.name}: ${early}`);
    }
    this.setStatus(OK);
  }

  private async release(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await terminate(child);
  }

  private async detect(): Promise<1 | 2 | undefined> {
    if (this.major !== undefined) return this.major;
    try {
      this.major = await libgpiodMajor(this.executable);
      this.setStatus(OK);
      return this.major;
    } catch (err) {
      this.setStatus(
        faultStatus(
          'CG_DEV_GPIOSET_UNAVAILABLE',
          `cannot run '${this.executable} --version' (is the gpiod package installed?): ${(err as Error).message}`,
        ),
      );
      return undefined;
    }
  }
}
