import type { Logger } from '../../lib/logger.ts';
import { BaseDevice } from '../base.ts';
import type { VoicePlayer, VoicePrompt } from '../contracts.ts';

export interface SimulatedVoiceOptions {
  /** How long play() takes to resolve; 0 (the default) resolves on the next tick. */
  playbackMs?: number;
  logger?: Logger;
}

/** A voice player that records what it was asked to play instead of making sound. */
export class SimulatedVoice extends BaseDevice implements VoicePlayer {
  readonly name = 'voice';
  /** Every prompt play() was called with, in order. */
  readonly played: VoicePrompt[] = [];
  playbackMs: number;
  private readonly timers = new Set<{ timer: ReturnType<typeof setTimeout>; done: () => void }>();

  constructor(opts: SimulatedVoiceOptions = {}) {
    super(opts.logger);
    this.playbackMs = opts.playbackMs ?? 0;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    // Pending playbacks end with the device, as the real player's aplay would be killed.
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.timers.clear();
  }

  play(prompt: VoicePrompt): Promise<void> {
    this.played.push(prompt);
    this.logger?.debug({ prompt }, 'simulated voice prompt');
    return new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, this.playbackMs),
        done: resolve,
      };
      this.timers.add(entry);
    });
  }
}
