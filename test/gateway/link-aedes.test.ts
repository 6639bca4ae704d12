import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGateway } from '../../gateway/app.ts';
import type { SimulatedVoice } from '../../devices/voice/simulated.ts';
import { SimulatedButtons } from '../../devices/buttons/simulated.ts';
import { BaseDevice, faultStatus } from '../../devices/base.ts';
import type { VoicePlayer } from '../../devices/contracts.ts';
import { topics } from '../../contract/topics.ts';
import { silentLogger } from '../../lib/logger.ts';
import { runDeliveryScenario } from './delivery.ts';
import { TestBroker, eventsIn, freePort, gatewayConfig, startCentralStandIn, tempDir, waitFor, type Published } from './helpers.ts';

const OFFICE = 'o1';

function parsed(sink: Published[], topic: string): unknown[] {
  return sink.filter((p) => p.topic === topic).map((p) => JSON.parse(p.payload) as unknown);
}

test('events reach the broker in order; an outage (broker stopped and restarted on the same port) loses none', async () => {
  const port = await freePort();
  const sink: Published[] = [];
  let broker = await TestBroker.start({ port, sink });
  try {
    await runDeliveryScenario({
      office: OFFICE,
      counter: 'c1',
      mqttUrl: broker.url,
      username: 'gw',
      password: 'secret',
      events: () => eventsIn(sink, topics.counterPrefix(OFFICE, 'c1')),
      outage: () => broker.stop(),
      recover: async () => {
        broker = await TestBroker.start({ port, sink });
      },
    });
  } finally {
    await broker.stop();
  }
});

test('events recorded while central was unreachable are sent by the next process start, with their ids', async () => {
  const port = await freePort();
  const dataDir = tempDir('restart');
  const config = gatewayConfig({ office: OFFICE, counter: 'c6', mqttUrl: `mqtt://127.0.0.1:${port}`, httpUrl: 'http://127.0.0.1:9', dataDir });
  let gw = await startGateway(config, { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } });
  await gw.controller.press('satisfied', 'screen');
  await gw.controller.press('dissatisfied', 'screen');
  assert.is(gw.controller.status().outboxPending, 2);
  await gw.close();
  const broker = await TestBroker.start({ port });
  gw = await startGateway(config, { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } });
  try {
    await waitFor(() => gw.controller.status().outboxPending === 0, 'backlog sent after restart');
    const evs = eventsIn(broker.sink, topics.counterPrefix(OFFICE, 'c6'));
    assert.equal(
      evs.map((e) => e.seq),
      [1, 2],
    );
    assert.not.equal(evs[0]?.id.split('.')[2], gw.outbox?.bootId, 'ids were fixed by the first process');
    await gw.controller.press('satisfied', 'screen');
    await waitFor(() => eventsIn(broker.sink, topics.counterPrefix(OFFICE, 'c6')).length === 3, 'new event');
    const third = eventsIn(broker.sink, topics.counterPrefix(OFFICE, 'c6'))[2];
    assert.is(third?.seq, 3);
    assert.is(third?.id, `${OFFICE}.c6.${gw.outbox?.bootId}.3`);
  } finally {
    await gw.close();
    await broker.stop();
  }
});

test('state online on connect, last will online:false when the socket dies, online again after reconnect', async () => {
  const broker = await TestBroker.start();
  const gw = await startGateway(
    gatewayConfig({ office: OFFICE, counter: 'c2', mqttUrl: broker.url, httpUrl: 'http://127.0.0.1:9', dataDir: tempDir('will') }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  const stateTopic = topics.state(OFFICE, 'c2');
  try {
    await waitFor(() => parsed(broker.sink, stateTopic).length >= 1, 'state published');
    const s0 = parsed(broker.sink, stateTopic)[0] as { online: boolean; role: string; version: string };
    assert.is(s0.online, true);
    assert.is(s0.role, 'counter');
    assert.ok(broker.sink.find((p) => p.topic === stateTopic)?.retain, 'state is retained');
    await waitFor(() => parsed(broker.sink, topics.health(OFFICE, 'c2')).length >= 1, 'health published');
    const health = parsed(broker.sink, topics.health(OFFICE, 'c2'))[0] as {
      devices: Record<string, { status: string }>;
      diskFreeBytes: number;
      outboxPending: number;
    };
    assert.equal(Object.keys(health.devices).sort(), ['buttons', 'voice']);
    assert.ok(health.diskFreeBytes > 0, 'disk free of the data dir is reported');

    gw.link.mqttClient?.stream.destroy();
    await waitFor(() => parsed(broker.sink, stateTopic).some((s) => (s as { online: boolean }).online === false), 'last will');
    await waitFor(() => (parsed(broker.sink, stateTopic).at(-1) as { online: boolean }).online === true, 'online again');
    await waitFor(() => gw.controller.status().online, 'controller reports online');
  } finally {
    await gw.close();
    await broker.stop();
  }
  const last = parsed(broker.sink, stateTopic).at(-1) as { online: boolean };
  assert.is(last.online, false, 'a clean shutdown publishes online:false itself');
});

/** A voice whose fault the test switches on. */
class FaultyVoice extends BaseDevice implements VoicePlayer {
  readonly name = 'voice';
  constructor() {
    super(silentLogger);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async play(): Promise<void> {}
  breakDown(): void {
    this.setStatus(faultStatus('CG_DEV_AUDIO_FAILED', 'aplay: no sound card'));
  }
}

test('health is published again when a device changes status', async () => {
  const broker = await TestBroker.start();
  const buttons = new SimulatedButtons();
  const voice = new FaultyVoice();
  const gw = await startGateway(
    gatewayConfig({ office: OFFICE, counter: 'c7', mqttUrl: broker.url, httpUrl: 'http://127.0.0.1:9', dataDir: tempDir('health') }),
    {
      logger: silentLogger,
      reconnect: { minMs: 50, maxMs: 200 },
      devices: { buttons, voice, simulatedButtons: buttons, all: () => [buttons, voice] },
    },
  );
  type H = { devices: Record<string, { status: string; code?: string }> };
  const reports = () => parsed(broker.sink, topics.health(OFFICE, 'c7')) as H[];
  try {
    await waitFor(() => reports().length >= 1, 'first health');
    assert.is(reports()[0]?.devices.voice?.status, 'ok');
    voice.breakDown();
    await waitFor(() => reports().some((h) => h.devices.voice?.status === 'fault'), 'health with the fault');
    assert.is(reports().at(-1)?.devices.voice?.code, 'CG_DEV_AUDIO_FAILED');
    assert.is(gw.controller.status().devices.voice?.status, 'fault');
  } finally {
    await gw.close();
    await broker.stop();
  }
});

test('cfg is validated, applied, acknowledged and kept across an offline restart', async () => {
  const broker = await TestBroker.start();
  const dataDir = tempDir('cfg');
  const central = await startCentralStandIn({
    gateway: { username: 'gw', password: 'secret' },
    clerks: { ann: { password: 'pw', displayName: '王安' } },
  });
  const config = gatewayConfig({ office: OFFICE, counter: 'c3', mqttUrl: broker.url, httpUrl: central.url, dataDir });
  const applied = topics.cfgApplied(OFFICE, 'c3');
  let gw = await startGateway(config, { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } });
  try {
    await waitFor(() => broker.subscriptions.includes(topics.cfg(OFFICE, 'c3')), 'subscribed to cfg');
    await broker.publish(topics.cfg(OFFICE, 'c3'), { version: 3, ratingWindowS: 12, voicePrompt: false }, true);
    await waitFor(() => parsed(broker.sink, applied).length >= 1, 'cfg/applied');
    const ack = parsed(broker.sink, applied)[0] as { version: number; ok: boolean; appliedAt: string };
    assert.is(ack.version, 3);
    assert.is(ack.ok, true);
    await gw.controller.signIn('ann', 'pw');
    const t0 = Date.now();
    const { closesAt } = await gw.controller.completeCase('receipt', 'x1');
    const windowMs = Date.parse(closesAt) - t0;
    assert.ok(windowMs > 11_000 && windowMs <= 12_100, `window follows cfg (12 s), got ${windowMs} ms`);
    assert.equal((gw.devices.voice as SimulatedVoice).played, [], 'voicePrompt:false silences the prompt');

    await broker.publish(topics.cfg(OFFICE, 'c3'), { version: 4, ratingWindowS: 1, voicePrompt: true }, false);
    await waitFor(() => parsed(broker.sink, applied).length >= 2, 'second cfg/applied');
    const nack = parsed(broker.sink, applied)[1] as { version: number; ok: boolean; error?: string };
    assert.is(nack.version, 4);
    assert.is(nack.ok, false);
    assert.match(nack.error ?? '', /ratingWindowS/);
    await broker.publish(topics.cfg(OFFICE, 'c3'), 'not json', false);
    await gw.close();
    await broker.stop();

    // No broker now: the restarted gateway must still use central's 12 s.
    gw = await startGateway(config, { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } });
    assert.is(gw.controller.status().online, false);
    await gw.controller.signIn('ann', 'pw');
    const t1 = Date.now();
    const second = await gw.controller.completeCase('receipt', 'x2');
    const ms = Date.parse(second.closesAt) - t1;
    assert.ok(ms > 11_000 && ms <= 12_100, `persisted cfg used offline, got ${ms} ms`);
  } finally {
    await gw.close();
    await central.close();
    if (!broker.aedes.closed) await broker.stop();
  }
});

test('commands: ping and health answered with the tx; unknown → CG_CMD_UNKNOWN; garbage dropped without harm', async () => {
  const broker = await TestBroker.start();
  const gw = await startGateway(
    gatewayConfig({ office: OFFICE, counter: 'c4', mqttUrl: broker.url, httpUrl: 'http://127.0.0.1:9', dataDir: tempDir('cmd') }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  const res = (name: string) => parsed(broker.sink, topics.res(OFFICE, 'c4', name)) as Array<Record<string, unknown>>;
  try {
    await waitFor(() => broker.subscriptions.includes(topics.cmd(OFFICE, 'c4', '+')), 'subscribed to commands');
    await broker.publish(topics.cmd(OFFICE, 'c4', 'ping'), '{"tx":');
    await broker.publish(topics.cmd(OFFICE, 'c4', 'ping'), { tx: 'no-args' });
    await broker.publish(topics.cmd(OFFICE, 'c4', 'ping'), { tx: 'tx-1', args: {} });
    await waitFor(() => res('ping').length >= 1, 'ping answered');
    assert.is(res('ping').length, 1, 'invalid commands are dropped, not answered');
    assert.is(res('ping')[0]?.tx, 'tx-1');
    assert.is(res('ping')[0]?.ok, true);
    assert.is((res('ping')[0]?.result as { pong: boolean }).pong, true);

    await broker.publish(topics.cmd(OFFICE, 'c4', 'health'), { tx: 'tx-2', args: {} });
    await waitFor(() => res('health').length >= 1, 'health answered');
    const h = res('health')[0] as { tx: string; ok: boolean; result: { outboxPending: number; devices: object } };
    assert.is(h.tx, 'tx-2');
    assert.is(h.result.outboxPending, 0);
    assert.ok('buttons' in h.result.devices);

    await broker.publish(topics.cmd(OFFICE, 'c4', 'reboot'), { tx: 'tx-3', args: {} });
    await waitFor(() => res('reboot').length >= 1, 'unknown command answered');
    assert.equal(res('reboot')[0], { tx: 'tx-3', ok: false, error: { code: 'CG_CMD_UNKNOWN', message: "unknown command 'reboot'" } });
  } finally {
    await gw.close();
    await broker.stop();
  }
});

test('wrong gateway credentials: refused by the broker, the gateway keeps running offline', async () => {
  const broker = await TestBroker.start();
  const gw = await startGateway(
    gatewayConfig({
      office: OFFICE,
      counter: 'c5',
      mqttUrl: broker.url,
      httpUrl: 'http://127.0.0.1:9',
      dataDir: tempDir('badcred'),
      password: 'wrong',
    }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  try {
    await waitFor(() => broker.refused >= 2, 'the broker refused the gateway and it tried again');
    assert.is(gw.controller.status().online, false);
    assert.not.ok(broker.sink.some((p) => p.clientId?.includes('c5')), 'nothing published by a refused gateway');
    const press = await gw.controller.press('satisfied', 'screen');
    assert.equal(press, { counted: false, reason: 'no-window' });
    assert.is(gw.controller.status().outboxPending, 1, 'the ignored press waits in the outbox');
  } finally {
    await gw.close();
    await broker.stop();
  }
});

test.run();
