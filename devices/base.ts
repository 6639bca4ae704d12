import type { DeviceStatus } from '../contract/messages.ts';
import type { Logger } from '../lib/logger.ts';

/**
 * Listener registry where one throwing listener cannot break the others or the driver that
 * emits: device events come from I/O callbacks, and an exception there would crash the gateway.
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly logger?: Logger) {}

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        this.logger?.error({ err }, 'device listener failed');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

export const OK: DeviceStatus = { status: 'ok' };

/** Keeps the message within the health schema's limit (500 characters). */
export function faultStatus(code: string, message: string): DeviceStatus {
  return { status: 'fault', code, message: message.length > 500 ? `${message.slice(0, 497)}...` : message };
}

/** Status bookkeeping shared by every backend: status(), onStatus() and change notification. */
export abstract class BaseDevice {
  abstract readonly name: string;
  #current: DeviceStatus = OK;
  readonly #statusListeners: Listeners<DeviceStatus>;

  protected constructor(protected readonly logger?: Logger) {
    this.#statusListeners = new Listeners<DeviceStatus>(logger);
  }

  status(): DeviceStatus {
    return { ...this.#current };
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.#statusListeners.add(listener);
  }

  protected setStatus(next: DeviceStatus): void {
    const prev = this.#current;
    if (prev.status === next.status && prev.code === next.code && prev.message === next.message) return;
    this.#current = next;
    if (next.status === 'fault') this.logger?.warn({ device: this.name, code: next.code }, next.message ?? 'device fault');
    else this.logger?.info({ device: this.name }, 'device ok');
    this.#statusListeners.emit({ ...next });
  }
}
