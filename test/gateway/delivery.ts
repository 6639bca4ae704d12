/**
 * The end-to-end delivery scenario shared by the aedes and the Mosquitto tests: a real gateway
 * (startGateway with simulated buttons), a clerk, cases and presses; then an outage in the
 * middle, more presses while offline, and recovery. Every event must arrive; duplicates are
 * allowed only as byte-identical copies of the same id.
 */
import * as assert from 'uvu/assert';
import { startGateway } from '../../gateway/app.ts';
import { silentLogger } from '../../lib/logger.ts';
import { gatewayConfig, startCentralStandIn, tempDir, waitFor } from './helpers.ts';

export interface DeliveryEnv {
  office: string;
  counter: string;
  mqttUrl: string;
  username: string;
  password: string;
  /** Events as central would see them, in arrival order. */
  events(): Array<{ id: string; seq: number; kind: string; raw: string }>;
  outage(): Promise<void>;
  recover(): Promise<void>;
}

export async function runDeliveryScenario(env: DeliveryEnv): Promise<void> {
  const central = await startCentralStandIn({
    gateway: { username: env.username, password: env.password },
    clerks: { ann: { password: 'pw-ann', displayName: '王安' } },
  });
  const gw = await startGateway(
    gatewayConfig({
      office: env.office,
      counter: env.counter,
      mqttUrl: env.mqttUrl,
      httpUrl: central.url,
      dataDir: tempDir('delivery'),
      username: env.username,
      password: env.password,
    }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  try {
    const c = gw.controller;
    await waitFor(() => c.status().online, 'gateway online');
    await c.signIn('ann', 'pw-ann');
    for (let i = 1; i <= 3; i++) {
      await c.completeCase('receipt', `k${i}`);
      c.simulatePress(i === 2 ? 'very-dissatisfied' : 'satisfied');
    }
    c.simulatePress('satisfied'); // same case again: already-rated
    await waitFor(() => env.events().length >= 8 && c.status().outboxPending === 0, '8 events delivered');
    const first = env.events();
    assert.equal(
      first.map((e) => e.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
      'events arrive in seq order',
    );
    assert.equal(first.map((e) => e.kind), ['session', 'case', 'rating', 'case', 'rating', 'case', 'rating', 'press-ignored']);

    // A burst still in flight when the link goes down (seq 9-14), then more while offline (15-21).
    for (let i = 4; i <= 6; i++) {
      await c.completeCase('receipt', `k${i}`);
      c.simulatePress('satisfied');
    }
    await env.outage();
    await waitFor(() => !c.status().online, 'gateway notices the outage');
    for (let i = 7; i <= 9; i++) {
      await c.completeCase('notice', `k${i}`);
      c.simulatePress('no-opinion');
    }
    await c.signOut();
    const offline = c.status();
    assert.is(offline.online, false);
    assert.ok(offline.outboxPending >= 7, `events wait in the outbox during the outage (${offline.outboxPending})`);

    await env.recover();
    await waitFor(() => c.status().online && c.status().outboxPending === 0, 'outbox drained after recovery');
    const total = 21;
    await waitFor(() => new Set(env.events().map((e) => e.seq)).size >= total, `all ${total} events seen`);
    const all = env.events();
    const bySeq = new Map<number, string>();
    const byId = new Map<string, string>();
    for (const e of all) {
      const prevRaw = byId.get(e.id);
      if (prevRaw !== undefined) assert.is(e.raw, prevRaw, `duplicate of ${e.id} is identical`);
      byId.set(e.id, e.raw);
      const prevId = bySeq.get(e.seq);
      if (prevId !== undefined) assert.is(e.raw, prevId, `seq ${e.seq} always carries the same event`);
      bySeq.set(e.seq, e.raw);
    }
    assert.equal(
      [...bySeq.keys()].sort((a, b) => a - b),
      Array.from({ length: total }, (_, i) => i + 1),
      'none lost',
    );
    assert.is(byId.size, total, 'one id per event');
    const kinds = [...bySeq.keys()].sort((a, b) => a - b).map((seq) => all.find((e) => e.seq === seq)?.kind);
    assert.equal(kinds.slice(8), [...Array(6).fill(['case', 'rating']).flat(), 'session']);
  } finally {
    await gw.close();
    await central.close();
  }
}
