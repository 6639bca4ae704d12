import { parseTopic, topics } from '../../contract/topics.ts';
import type { GatewayIdentity } from '../gateways/registry.ts';

/** Who is on the other end of an MQTT connection. */
export type Principal = { kind: 'central' } | ({ kind: 'gateway' } & GatewayIdentity);

/**
 * The MQTT access rules of docs/INTERFACES.md as pure functions, so that they are tested on
 * their own and the broker glue stays thin.
 */

/** A gateway publishes only its own state, health, events, cfg acknowledgement and command results. */
export function mayPublish(p: Principal, topic: string): boolean {
  if (p.kind === 'central') return true;
  const t = parseTopic(topic);
  if (!t || t.kind === 'alarm' || t.office !== p.office || t.counter !== p.counter) return false;
  return t.kind === 'state' || t.kind === 'health' || t.kind === 'event' || t.kind === 'cfg-applied' || t.kind === 'res';
}

/** A gateway subscribes only to its cfg and commands; an alarm station also to its office's alarm. */
export function maySubscribe(p: Principal, filter: string): boolean {
  if (p.kind === 'central') return true;
  if (filter === topics.cfg(p.office, p.counter)) return true;
  if (filter === topics.cmd(p.office, p.counter, '+')) return true;
  const t = parseTopic(filter);
  if (t && t.kind === 'cmd' && t.office === p.office && t.counter === p.counter) return true;
  return p.role === 'alarm-station' && filter === topics.alarm(p.office);
}

/** A gateway's last will may only mark its own state topic (offline). No will is allowed. */
export function willAllowed(p: Principal, will: { topic: string } | null | undefined): boolean {
  if (p.kind === 'central' || !will) return true;
  return will.topic === topics.state(p.office, p.counter);
}
