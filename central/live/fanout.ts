import type { AlarmBroadcast, AlarmView } from '../../contract/messages.ts';
import { topics } from '../../contract/topics.ts';
import type { Logger } from '../../lib/logger.ts';
import type { LiveHub } from './hub.ts';

export interface AlarmFanoutOptions {
  hub: LiveHub;
  logger: Logger;
  /** The office's alarms that are not resolved (AlarmService.active). */
  activeFor(office: string): AlarmView[];
  /** Publishes a retained MQTT message (QoS 1) with central's own client. */
  publishRetained(topic: string, payload: string): void;
  now?: () => number;
}

/** The retained message alarm stations and consoles read on `cg/v1/{office}/alarm`. */
export function alarmBroadcast(office: string, active: AlarmView[], nowMs: number): AlarmBroadcast {
  return { ts: new Date(nowMs).toISOString(), office, active };
}

/**
 * Builds AlarmService's `publish`: every transition goes to the office's consoles (WebSocket)
 * and refreshes the office's retained broadcast, so a lamp or bell that (re)connects learns the
 * current state at once. Each leg fails on its own.
 */
export function createAlarmFanout(opts: AlarmFanoutOptions): (alarm: AlarmView) => void {
  const now = opts.now ?? Date.now;
  // Transitions that arrive in one turn of the event loop (a burst after an outage, many
  // counters at once) refresh an office's broadcast once, with the state after all of them;
  // setImmediate adds no waiting of its own.
  const due = new Set<string>();
  const broadcast = (office: string) => {
    due.delete(office);
    try {
      const body = alarmBroadcast(office, opts.activeFor(office), now());
      opts.publishRetained(topics.alarm(office), JSON.stringify(body));
    } catch (err) {
      opts.logger.error({ err, office }, 'alarm broadcast failed');
    }
  };
  return (alarm) => {
    try {
      opts.hub.publish(alarm);
    } catch (err) {
      opts.logger.error({ err, alarm: alarm.id }, 'live fan-out failed');
    }
    if (due.has(alarm.office)) return;
    due.add(alarm.office);
    setImmediate(broadcast, alarm.office);
  };
}
