import type { DeviceStatus } from '../contract/messages.ts';
import type { RatingLevel } from '../contract/ratings.ts';

/**
 * The narrow contracts every device backend implements, real or simulated. The gateway sees
 * only these; which backend runs is configuration (config/schema.ts → devices).
 */
export interface Device {
  /** Short name used in health reports: 'buttons', 'voice', 'lamp', 'bell'. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** ok, or fault with a stable code (CG_DEV_…) and a message an IT person can act on. */
  status(): DeviceStatus;
  /** Called whenever status() changes. Returns an unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
}

export interface ButtonPress {
  level: RatingLevel;
  /** Date.now() when the edge was seen (after debouncing). */
  at: number;
}

/** The five satisfaction buttons. Backends debounce: one physical press is one event. */
export interface RatingButtons extends Device {
  onPress(listener: (press: ButtonPress) => void): () => void;
}

export const VOICE_PROMPTS = ['invite-rating', 'thank-you'] as const;
export type VoicePrompt = (typeof VOICE_PROMPTS)[number];

export interface VoicePlayer extends Device {
  /** Resolves when playback finished; rejects with a CountergateError on a device fault. */
  play(prompt: VoicePrompt): Promise<void>;
}

/** A digital output: the supervisor's warning lamp or bell. */
export interface BinaryOutput extends Device {
  set(on: boolean): Promise<void>;
  get(): boolean;
}
