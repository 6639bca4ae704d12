import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RATING_LEVELS, type RatingLevel } from '../../contract/ratings.ts';
import type { Logger } from '../../lib/logger.ts';
import { OK, faultStatus } from '../base.ts';
import { TextTail, libgpiodMajor, terminate } from '../process.ts';
import { gpiomonArgs, parseGpiomonLine } from './gpiomon-format.ts';
import { DebouncedButtons } from './debounced.ts';

export interface GpiomonButtonsOptions {
  chip: string;
  lines: Record<RatingLevel, number>;
  activeLow: boolean;
  debounceMs: number;
  logger?: Logger;
  /** Path of the gpiomon executable; tests point this at a script speaking the same protocol. */
  executable?: string;
  /** First restart delay after an unexpected exit; doubles per failed attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A run lasting this long counts as healthy and resets the backoff. */
  stableAfterMs?: number;
  /**
   * After a fault, status returns to ok once a new gpiomon has run this long (or reported an
   * event), so that a tool failing at once does not make health flap between ok and fault.
   */
  okAfterMs?: number;
}

/**
 * Five buttons on a GPIO character device through libgpiod's gpiomon, read line by line from
 * its stdout. Both edges are monitored so that the release re-arms the software debouncer.
 * When gpiomon dies the device reports CG_DEV_GPIOMON_EXITED and restarts it with backoff.
 */
export class GpiomonButtons extends DebouncedButtons {
  private readonly byOffset = new Map<number, RatingLevel>();
  private readonly executable: string;
  private child?: ChildProcess;
  private major?: 1 | 2;
  private running = false;
  private attempt = 0;
  private restartTimer?: ReturnType<typeof setTimeout>;
  private stableTimer?: ReturnType<typeof setTimeout>;
  private okTimer?: ReturnType<typeof setTimeout>;
  /** How many times gpiomon has been spawned; for health details and tests. */
  spawnCount = 0;

  constructor(private readonly opts: GpiomonButtonsOptions) {
    super({ debounceMs: opts.debounceMs, logger: opts.logger });
    this.executable = opts.executable ?? 'gpiomon';
    for (const level of RATING_LEVELS) this.byOffset.set(opts.lines[level], level);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    const child = this.child;
    this.child = undefined;
    if (child) await terminate(child);
    this.resetDebounce();
  }

  /** Restarts gpiomon now, e.g. from an IT command after fixing the wiring or permissions. */
  async restart(): Promise<void> {
    this.clearTimers();
    const child = this.child;
    this.child = undefined;
    if (child) await terminate(child);
    this.attempt = 0;
    this.running = true;
    await this.launch();
  }

  private async launch(): Promise<void> {
    if (!this.running) return;
    if (this.major === undefined) {
      try {
        this.major = await libgpiodMajor(this.executable);
      } catch (err) {
        this.setStatus(
          faultStatus(
            'CG_DEV_GPIOMON_UNAVAILABLE',
            `cannot run '${this.executable} --version' (is the gpiod package installed?): ${(err as Error).message}`,
          ),
        );
        this.scheduleRestart();
        return;
      }
      if (!this.running) return;
    }
    const offsets = RATING_LEVELS.map((l) => this.opts.lines[l]);
    const args = gpiomonArgs(this.major, this.opts.chip, offsets, this.opts.activeLow);
    const stderr = new TextTail();
    const child = spawn(this.executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.spawnCount += 1;
    this.resetDebounce();
    this.logger?.info({ executable: this.executable, args, version: this.major }, 'gpiomon started');

    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
    child.on('spawn', () => {
      if (this.child !== child) return;
      this.okTimer = setTimeout(() => this.setStatus(OK), this.opts.okAfterMs ?? 1000);
      this.okTimer.unref?.();
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, this.opts.stableAfterMs ?? 10_000);
      this.stableTimer.unref?.();
    });
    child.on('error', (err) => stderr.push(err.message));
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.clearTimers();
      const why = signal ? `signal ${signal}` : `code ${code}`;
      const detail = stderr.toString();
      this.setStatus(
        faultStatus(
          'CG_DEV_GPIOMON_EXITED',
          `gpiomon on ${this.opts.chip} exited (${why})${detail ? `: ${detail}` : ''}; restarting`,
        ),
      );
      this.scheduleRestart();
    });
  }

  private onLine(line: string): void {
    const event = parseGpiomonLine(line);
    if (!event) {
      if (line.trim()) this.logger?.debug({ line }, 'ignoring unrecognised gpiomon output');
      return;
    }
    this.setStatus(OK);
    const level = this.byOffset.get(event.offset);
    if (level) this.rawEdge(level, event.edge === 'rising');
  }

  private scheduleRestart(): void {
    if (!this.running) return;
    const base = this.opts.backoffMs ?? 500;
    const delay = Math.min(base * 2 ** this.attempt, this.opts.maxBackoffMs ?? 30_000);
    this.attempt += 1;
    this.logger?.info({ delayMs: delay, attempt: this.attempt }, 'restarting gpiomon after backoff');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.launch();
    }, delay);
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    if (this.okTimer) clearTimeout(this.okTimer);
    this.restartTimer = undefined;
    this.stableTimer = undefined;
    this.okTimer = undefined;
  }
}
