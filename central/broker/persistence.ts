import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AedesPersistence } from 'aedes-persistence';

/**
 * aedes' in-memory persistence, with one change: a subscription to an exact topic (a
 * gateway's own `cfg`, an alarm station's office `alarm`) finds its retained message by a
 * map lookup. The library scans every retained message for every subscription, so when
 * 3,000 gateways reconnect after a central restart each of them walks ~9,000 retained
 * topics (state, health, cfg per counter): quadratic work that kept the broker busy for
 * minutes in bench:alarm. Filters whose first four levels are literal (a gateway's
 * `…/{counter}/cmd/+`) look only at that counter's retained topics; filters with wildcards
 * higher up (central's own `cg/v1/+/+/state`, once per start) still use the library's scan.
 */
const require = createRequire(import.meta.url);
type RetainedPacket = { topic: string; payload: Buffer };
type MemoryPersistenceClass = new (opts?: object) => {
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStreamCombi(patterns: string[]): Readable;
};
const MemoryPersistence = require('aedes-persistence/asyncPersistence.js') as MemoryPersistenceClass;
const { CallBackPersistence } = require('aedes-persistence/callBackPersistence.js') as {
  CallBackPersistence: new (factory: (opts: object) => unknown, opts?: object) => AedesPersistence;
};

const BUCKET_LEVELS = 4;
const hasWildcard = (level: string) => level === '+' || level === '#';

/** MQTT 3.1.1 §4.7 topic matching for a filter whose first levels are literal (no `$` rules needed). */
function matches(filter: string[], topic: string[]): boolean {
  for (let i = 0; i < filter.length; i++) {
    const f = filter[i];
    if (f === '#') return true;
    if (i >= topic.length) return false;
    if (f !== '+' && f !== topic[i]) return false;
  }
  return filter.length === topic.length;
}

export class IndexedRetainedPersistence extends MemoryPersistence {
  private readonly byTopic = new Map<string, RetainedPacket>();
  /** Retained topics by their first four levels (`cg/v1/{office}/{counter}`). */
  private readonly buckets = new Map<string, Set<string>>();

  override async storeRetained(packet: RetainedPacket): Promise<void> {
    await super.storeRetained(packet);
    const key = packet.topic.split('/').slice(0, BUCKET_LEVELS).join('/');
    if (packet.payload.length === 0) {
      this.byTopic.delete(packet.topic);
      this.buckets.get(key)?.delete(packet.topic);
      return;
    }
    this.byTopic.set(packet.topic, { ...packet });
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Set()));
    bucket.add(packet.topic);
  }

  override createRetainedStreamCombi(patterns: string[]): Readable {
    const found: RetainedPacket[] = [];
    const scan: string[] = [];
    for (const pattern of patterns) {
      const levels = pattern.split('/');
      if (!levels.some(hasWildcard)) {
        const hit = this.byTopic.get(pattern);
        if (hit) found.push(hit);
      } else if (levels.length > BUCKET_LEVELS && !levels.slice(0, BUCKET_LEVELS).some(hasWildcard)) {
        for (const topic of this.buckets.get(levels.slice(0, BUCKET_LEVELS).join('/')) ?? []) {
          const hit = this.byTopic.get(topic);
          if (hit && matches(levels, topic.split('/'))) found.push(hit);
        }
      } else {
        scan.push(pattern);
      }
    }
    if (scan.length === 0) return Readable.from(found);
    const scanned = super.createRetainedStreamCombi(scan);
    return Readable.from(
      (async function* () {
        yield* found;
        yield* scanned;
      })(),
    );
  }
}

/** The persistence to hand to `Aedes.createBroker({ persistence })`. */
export function createPersistence(): AedesPersistence {
  return new CallBackPersistence((opts) => new IndexedRetainedPersistence(opts));
}
