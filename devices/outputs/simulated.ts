import type { Logger } from '../../lib/logger.ts';
import { BaseDevice } from '../base.ts';
import type { BinaryOutput } from '../contracts.ts';

export interface OutputChange {
  on: boolean;
  at: number;
}

/** A lamp or bell without hardware: remembers every change so tests and the demo can show it. */
export class SimulatedOutput extends BaseDevice implements BinaryOutput {
  /** Changes of state in order; setting the current value again is not a change. */
  readonly history: OutputChange[] = [];
  private value = false;

  constructor(
    readonly name: 'lamp' | 'bell',
    opts: { logger?: Logger } = {},
  ) {
    super(opts.logger);
  }

  async start(): Promise<void> {}

  /** Like a released GPIO line, the output is off once the device stops. */
  async stop(): Promise<void> {
    await this.set(false);
  }

  async set(on: boolean): Promise<void> {
    if (on === this.value) return;
    this.value = on;
    this.history.push({ on, at: Date.now() });
    this.logger?.info({ device: this.name, on }, 'simulated output changed');
  }

  get(): boolean {
    return this.value;
  }
}
