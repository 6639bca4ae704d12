/**
 * The MQTT topic contract (docs/ARCHITECTURE.md, "MQTT contract"). Outside tools rely on it:
 * change it only on purpose, and keep the doc in step.
 *
 * cg/v1/{office}/{counter}/state        retained, gateway → all; last will sets online:false
 * cg/v1/{office}/{counter}/health       retained, gateway → central
 * cg/v1/{office}/{counter}/evt/{kind}   QoS 1, gateway → central, unique id per message
 * cg/v1/{office}/{counter}/cfg          retained, central → gateway, versioned
 * cg/v1/{office}/{counter}/cfg/applied  gateway → central, the version it applied
 * cg/v1/{office}/{counter}/cmd/{name}   central → gateway, with a transaction id
 * cg/v1/{office}/{counter}/res/{name}   gateway → central, echoing the transaction id
 * cg/v1/{office}/alarm                  retained, central → alarm stations and consoles
 */
export const TOPIC_ROOT = 'cg/v1';

/** Office and counter ids are path segments: no MQTT wildcards, no separators. */
export const ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,39}$';
const ID_RE = new RegExp(ID_PATTERN);

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

export const EVENT_KINDS = ['case', 'rating', 'press-ignored', 'session'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const topics = {
  counterPrefix: (office: string, counter: string) => `${TOPIC_ROOT}/${office}/${counter}/`,
  state: (office: string, counter: string) => `${TOPIC_ROOT}/${office}/${counter}/state`,
  health: (office: string, counter: string) => `${TOPIC_ROOT}/${office}/${counter}/health`,
  event: (office: string, counter: string, kind: EventKind) => `${TOPIC_ROOT}/${office}/${counter}/evt/${kind}`,
  cfg: (office: string, counter: string) => `${TOPIC_ROOT}/${office}/${counter}/cfg`,
  cfgApplied: (office: string, counter: string) => `${TOPIC_ROOT}/${office}/${counter}/cfg/applied`,
  cmd: (office: string, counter: string, name: string) => `${TOPIC_ROOT}/${office}/${counter}/cmd/${name}`,
  res: (office: string, counter: string, name: string) => `${TOPIC_ROOT}/${office}/${counter}/res/${name}`,
  alarm: (office: string) => `${TOPIC_ROOT}/${office}/alarm`,
  /** Subscriptions central holds. */
  central: {
    state: `${TOPIC_ROOT}/+/+/state`,
    health: `${TOPIC_ROOT}/+/+/health`,
    events: `${TOPIC_ROOT}/+/+/evt/+`,
    cfgApplied: `${TOPIC_ROOT}/+/+/cfg/applied`,
    res: `${TOPIC_ROOT}/+/+/res/+`,
  },
} as const;

export type ParsedTopic =
  | { kind: 'state' | 'health' | 'cfg' | 'cfg-applied'; office: string; counter: string }
  | { kind: 'event'; office: string; counter: string; event: EventKind }
  | { kind: 'cmd' | 'res'; office: string; counter: string; name: string }
  | { kind: 'alarm'; office: string };

/** Parses a topic of the contract; null for anything else (logged and dropped by callers). */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== 'cg' || parts[1] !== 'v1') return null;
  const office = parts[2];
  if (office === undefined || !isValidId(office)) return null;
  if (parts.length === 4 && parts[3] === 'alarm') return { kind: 'alarm', office };
  const counter = parts[3];
  if (counter === undefined || !isValidId(counter)) return null;
  const rest = parts.slice(4);
  if (rest.length === 1) {
    if (rest[0] === 'state' || rest[0] === 'health' || rest[0] === 'cfg') return { kind: rest[0], office, counter };
    return null;
  }
  if (rest.length === 2) {
    const [a, b] = rest as [string, string];
    if (a === 'cfg' && b === 'applied') return { kind: 'cfg-applied', office, counter };
    if (a === 'evt' && (EVENT_KINDS as readonly string[]).includes(b)) {
      return { kind: 'event', office, counter, event: b as EventKind };
    }
    if ((a === 'cmd' || a === 'res') && /^[a-z][a-z0-9-]{0,39}$/.test(b)) return { kind: a, office, counter, name: b };
  }
  return null;
}
