import { alarmBroadcastValidator, type AlarmView, type DeviceStatus } from '../contract/messages.ts';
import type { RatingLevel } from '../contract/ratings.ts';
import { Listeners } from '../devices/base.ts';
import type { GatewayDevices } from '../devices/factory.ts';
import { CountergateError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { simUnavailable, type CounterController, type CounterStatus, type LinkState } from './counter.ts';

export interface StationOptions {
  office: string;
  counter: string;
  devices: GatewayDevices;
  link?: LinkState;
  logger: Logger;
}

/**
 * The supervisor's alarm station (a gateway in role `alarm-station`). It follows the retained
 * `cg/v1/{office}/alarm` broadcast: the lamp is on while any alarm is not resolved, the bell
 * while any is still `raised` (nobody acknowledged). When the link drops it keeps the last
 * state: a lamp that went dark on a network glitch would hide an unhappy resident.
 *
 * For the HTTP room it is a CounterController whose status carries `alarms` and whose counter
 * actions answer CG_ROLE_UNSUPPORTED (409).
 */
export class AlarmStation implements CounterController {
  private alarms: AlarmView[] = [];
  private lastTs = '';
  private readonly listeners: Listeners<CounterStatus>;
  private readonly log: Logger;
  private readonly unsubscribe: Array<() => void> = [];
  /** Output writes are chained so a slow GPIO write cannot be overtaken by the next broadcast's. */
  private outputs: Promise<void> = Promise.resolve();

  constructor(private readonly opts: StationOptions) {
    this.log = opts.logger.child({ part: 'station' });
    this.listeners = new Listeners<CounterStatus>(this.log);
  }

  start(): void {
    for (const d of this.opts.devices.all()) this.unsubscribe.push(d.onStatus(() => this.changed()));
    if (this.opts.link) this.unsubscribe.push(this.opts.link.onConnectionChange(() => this.changed()));
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.listeners.clear();
  }

  /** Handles one raw payload of the office's alarm topic; a bad one is logged and dropped. */
  onBroadcast(payload: Buffer | string): void {
    if (payload.length === 0) return; // retained broadcast cleared: keep the last known state
    const decoded = alarmBroadcastValidator.decodeBuffer(payload);
    if (!decoded.ok) {
      this.log.warn({ reason: decoded.reason }, 'invalid alarm broadcast; dropped');
      return;
    }
    const b = decoded.value;
    if (b.office !== this.opts.office) {
      this.log.warn({ office: b.office }, 'alarm broadcast for another office; dropped');
      return;
    }
    // A retained copy re-delivered on reconnect can be older than what we already showed.
    if (this.lastTs && Date.parse(b.ts) < Date.parse(this.lastTs)) {
      this.log.debug({ ts: b.ts }, 'older alarm broadcast ignored');
      return;
    }
    this.lastTs = b.ts;
    this.alarms = b.active.filter((a) => a.state !== 'resolved');
    const lamp = this.alarms.length > 0;
    const bell = this.alarms.some((a) => a.state === 'raised');
    this.log.info({ active: this.alarms.length, lamp, bell }, 'alarm broadcast');
    this.setOutputs(lamp, bell);
    this.changed();
  }

  /** Resolves when the lamp and bell writes requested so far are done (tests). */
  settled(): Promise<void> {
    return this.outputs;
  }

  status(): CounterStatus {
    const devices: Record<string, DeviceStatus> = {};
    for (const d of this.opts.devices.all()) devices[d.name] = d.status();
    return {
      office: this.opts.office,
      counter: this.opts.counter,
      role: 'alarm-station',
      clerk: null,
      state: 'signed-out',
      window: null,
      lastRating: null,
      online: this.opts.link?.connected ?? false,
      outboxPending: 0,
      devices,
      simulatedButtons: false,
      alarms: this.alarms.map((a) => ({ ...a })),
    };
  }

  onStatus(listener: (s: CounterStatus) => void): () => void {
    return this.listeners.add(listener);
  }

  async signIn(): Promise<{ username: string; displayName: string }> {
    throw unsupported('sign-in');
  }

  async signOut(): Promise<void> {
    throw unsupported('sign-out');
  }

  async completeCase(): Promise<{ caseId: string; closesAt: string }> {
    throw unsupported('case completion');
  }

  async press(_level: RatingLevel): Promise<{ counted: boolean; reason?: 'no-window' | 'already-rated' }> {
    throw unsupported('rating');
  }

  simulatePress(_level?: RatingLevel): void {
    throw simUnavailable();
  }

  private setOutputs(lamp: boolean, bell: boolean): void {
    const { lamp: lampDev, bell: bellDev } = this.opts.devices;
    this.outputs = this.outputs.then(async () => {
      for (const [dev, on] of [
        [lampDev, lamp],
        [bellDev, bell],
      ] as const) {
        if (!dev) continue;
        try {
          await dev.set(on);
        } catch (err) {
          this.log.error({ err, device: dev.name, on }, 'cannot switch output');
        }
      }
    });
  }

  private changed(): void {
    this.listeners.emit(this.status());
  }
}

function unsupported(what: string): CountergateError {
  return new CountergateError('CG_ROLE_UNSUPPORTED', `${what} is not available on an alarm station`, {
    statusCode: 409,
    userMessage: '此裝置為主管警示站，不提供櫃檯功能。',
  });
}
