import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { BaseDevice, OK, faultStatus } from '../base.ts';
import { VOICE_PROMPTS, type VoicePlayer, type VoicePrompt } from '../contracts.ts';
import { TextTail, terminate } from '../process.ts';

export const DEFAULT_AUDIO_DIR = fileURLToPath(new URL('./audio/', import.meta.url));

export interface AplayVoiceOptions {
  /** ALSA PCM name for `aplay -D`; the system default when absent. */
  device?: string;
  logger?: Logger;
  /** Path of the aplay executable. */
  executable?: string;
  /** Directory holding `<prompt>.wav` for every VOICE_PROMPTS entry. */
  audioDir?: string;
}

const USER_MESSAGE = '語音播放失敗，請通知資訊室。';

/**
 * Voice prompts through ALSA's aplay, one child process per prompt so that playback never
 * blocks the event loop. A new prompt cuts off the one still playing: the resident has already
 * pressed, so "thank you" must not wait for the end of "please rate".
 */
export class AplayVoice extends BaseDevice implements VoicePlayer {
  readonly name = 'voice';
  private readonly executable: string;
  private readonly audioDir: string;
  private current?: { child: ChildProcess; interrupted: boolean };
  private chain: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(private readonly opts: AplayVoiceOptions = {}) {
    super(opts.logger);
    this.executable = opts.executable ?? 'aplay';
    this.audioDir = opts.audioDir ?? DEFAULT_AUDIO_DIR;
  }

  fileFor(prompt: VoicePrompt): string {
    return join(this.audioDir, `${prompt}.wav`);
  }

  /** Checks the prompt files up front so a broken installation shows in health before a resident notices. */
  async start(): Promise<void> {
    const missing: string[] = [];
    for (const prompt of VOICE_PROMPTS) {
      try {
        await access(this.fileFor(prompt));
      } catch {
        missing.push(this.fileFor(prompt));
      }
    }
    if (missing.length > 0) {
      this.setStatus(faultStatus('CG_DEV_AUDIO_FAILED', `voice prompt files missing: ${missing.join(', ')}`));
    }
  }

  async stop(): Promise<void> {
    this.generation++;
    await this.chain;
    await this.interrupt();
  }

  /**
   * Starts are serialised: each one first ends the playback before it, so two aplay processes
   * never compete for the sound card. A prompt superseded before it started resolves unplayed,
   * like one that was cut off.
   */
  play(prompt: VoicePrompt): Promise<void> {
    const generation = ++this.generation;
    const started = this.chain.then(async () => {
      await this.interrupt();
      if (generation !== this.generation) return undefined;
      return { done: this.spawnPlayback(prompt) };
    });
    this.chain = started.then(
      () => undefined,
      () => undefined,
    );
    return started.then((playing) => playing?.done);
  }

  private spawnPlayback(prompt: VoicePrompt): Promise<void> {
    const args = ['-q', ...(this.opts.device ? ['-D', this.opts.device] : []), this.fileFor(prompt)];
    const stderr = new TextTail();
    const child = spawn(this.executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const entry = { child, interrupted: false };
    this.current = entry;
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    let spawnError: Error | undefined;
    child.on('error', (err) => {
      spawnError = err;
    });
    return new Promise<void>((resolve, reject) => {
      child.on('close', (code, signal) => {
        if (this.current === entry) this.current = undefined;
        if (entry.interrupted) {
          resolve();
          return;
        }
        if (code === 0) {
          this.setStatus(OK);
          resolve();
          return;
        }
        const why = spawnError ? spawnError.message : signal ? `signal ${signal}` : `exit code ${code}`;
        const detail = stderr.toString();
        const message = `aplay ${args.join(' ')} failed (${why})${detail ? `: ${detail}` : ''}`;
        this.setStatus(faultStatus('CG_DEV_AUDIO_FAILED', message));
        reject(new CountergateError('CG_DEV_AUDIO_FAILED', message, { userMessage: USER_MESSAGE }));
      });
    });
  }

  private async interrupt(): Promise<void> {
    const entry = this.current;
    if (!entry) return;
    entry.interrupted = true;
    this.current = undefined;
    await terminate(entry.child);
  }
}
