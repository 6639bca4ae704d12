/**
 * The central pages in a real Chromium against a real central: a rating published over MQTT
 * with a provisioned gateway's credentials raises an alarm on the supervisor console, which
 * the supervisor acknowledges and resolves with a note; the statistics page then shows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCentral, type Central } from '../../central/app.ts';
import { parseConfig } from '../../config/load.ts';
import { CentralConfigSchema } from '../../config/schema.ts';
import type { CaseEvent, RatingEvent } from '../../contract/messages.ts';
import { topics } from '../../contract/topics.ts';
import { silentLogger } from '../../lib/logger.ts';
import { launchBrowser, watchPage, type PageProblems } from './browser.ts';

const OFFICE = 'xitun';
const COUNTER = 'c07';
const SUPERVISOR = { username: 'wang.sup', password: 'supervisor-pass-1', displayName: '王主管' };

let dir = '';
let central: Central;
let browser: Browser;
let gw: mqtt.MqttClient;

/** A fresh page whose script errors, CSP violations and foreign requests are recorded. */
async function openPage(context: BrowserContext): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  return { page, problems: watchPage(page, central.httpUrl) };
}

function assertClean(problems: PageProblems) {
  assert.equal(problems.errors, [], 'no script error or CSP violation');
  assert.equal(problems.foreignRequests, [], 'nothing loaded from another origin');
}

async function signIn(page: Page, path: string, who: { username: string; password: string }) {
  await page.goto(`${central.httpUrl}${path}`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await page.click('#login-submit');
}

async function publish(kind: 'case' | 'rating', body: CaseEvent | RatingEvent) {
  await gw.publishAsync(topics.event(OFFICE, COUNTER, kind), JSON.stringify(body), { qos: 1 });
}

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-central-web-'));
  const config = parseConfig(
    CentralConfigSchema,
    {
      dataDir: dir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { host: '127.0.0.1', port: 0 },
      database: { sqlitePath: join(dir, 'central.db') },
      offices: [{ id: OFFICE, name: '西屯戶政事務所', counters: [{ id: COUNTER, name: '7號櫃檯' }] }],
    },
    'test',
  );
  central = await startCentral(config, { logger: silentLogger, adminPassword: 'admin-pass-1234' });
  await central.accounts.createUser({ ...SUPERVISOR, role: 'supervisor', office: OFFICE });
  const creds = central.gateways.provision(OFFICE, COUNTER, 'counter');
  gw = await mqtt.connectAsync(central.mqttUrl, {
    username: creds.username,
    password: creds.password,
    clientId: creds.username,
    reconnectPeriod: 0,
  });
  browser = await launchBrowser();
});

test.after(async () => {
  await browser?.close();
  await gw?.endAsync();
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an unhappy press reaches the console; the supervisor acknowledges and resolves it with a note', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems } = await openPage(context);
    await signIn(page, '/console', SUPERVISOR);
    await page.waitForURL(`${central.httpUrl}/console`);
    await page.waitForSelector('#conn.conn-up');
    assert.is(await page.locator('#active .alarm').count(), 0);
    assert.ok(await page.locator('#banner').isHidden());
    // Browsers allow sound only after a gesture: the supervisor enables the bell once.
    await page.click('#sound-enable');
    await page.locator('#sound-on').waitFor();
    assert.ok(await page.locator('#sound-enable').isHidden());
    assert.is(await page.getAttribute('body', 'data-bell'), 'off', 'silent while nothing waits');

    const ts = new Date().toISOString();
    await publish('case', { id: `${OFFICE}.${COUNTER}.e2e.1`, seq: 1, ts, clerk: 'lin.clerk', caseId: 'R-1', outcome: 'receipt', windowS: 30 });
    await publish('rating', {
      id: `${OFFICE}.${COUNTER}.e2e.2`, seq: 2, ts, clerk: 'lin.clerk', caseId: 'R-1',
      level: 'very-dissatisfied', source: 'button', afterMs: 4000,
    });

    const card = page.locator('#active .alarm.unacked');
    await card.waitFor();
    assert.match(await card.locator('.alarm-counter').innerText(), COUNTER);
    assert.is(await card.locator('.alarm-level').innerText(), '非常不滿意');
    assert.is(await card.locator('.f-clerk').innerText(), 'lin.clerk');
    assert.ok(await page.locator('#banner').isVisible(), 'the flashing banner shows the unacknowledged alarm');
    assert.match(await page.locator('#banner').innerText(), '1 件警示尚未確認');
    assert.is(await page.getAttribute('body', 'data-bell'), 'ringing', 'the bell rings for an unacknowledged alarm');

    await card.locator('.ack-btn').click();
    const acked = page.locator('#active .alarm:not(.unacked)');
    await acked.waitFor();
    assert.match(await acked.locator('.f-ack').innerText(), SUPERVISOR.username);
    assert.ok(await page.locator('#banner').isHidden(), 'the banner goes once every alarm is acknowledged');
    assert.is(await page.getAttribute('body', 'data-bell'), 'off', 'the bell stops once acknowledged');

    // A note is required: 結案 without one changes nothing.
    await acked.locator('.resolve-btn').click();
    assert.ok(await acked.locator('.note-error').isVisible());
    assert.is(await page.locator('#active .alarm').count(), 1);

    await acked.locator('textarea').fill('已到櫃檯向民眾說明補件流程，民眾接受。');
    await acked.locator('.resolve-btn').click();
    await page.locator('#active .alarm').waitFor({ state: 'detached' });
    assert.ok(await page.locator('#active-empty').isVisible());

    const row = page.locator('#history tbody tr', { hasText: '已結案' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, '已到櫃檯向民眾說明補件流程');
    assert.match(text, SUPERVISOR.username);
    assert.match(text, '非常不滿意');

    // The same outcome as the server keeps it.
    const res = await page.request.get(`${central.httpUrl}/api/alarms?office=${OFFICE}&state=all`);
    const { alarms } = (await res.json()) as { alarms: { state: string; resolutionNote?: string; acknowledgedBy?: string }[] };
    assert.is(alarms.length, 1);
    assert.is(alarms[0]?.state, 'resolved');
    assert.is(alarms[0]?.acknowledgedBy, SUPERVISOR.username);
    assert.is(alarms[0]?.resolutionNote, '已到櫃檯向民眾說明補件流程，民眾接受。');
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('the statistics page shows the rating in its table and its chart', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems } = await openPage(context);
    await signIn(page, '/stats', SUPERVISOR);
    await page.waitForURL(`${central.httpUrl}/stats`);
    const row = page.locator('#stats-table tbody tr').first();
    await row.waitFor();
    assert.is(await page.locator('#stats-table tbody tr').count(), 1);
    assert.is(await row.locator('td.lv-very-dissatisfied').innerText(), '1');
    const levels = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { label: string; data: number[] }[] } } | undefined } }).Chart.getChart('chart-levels');
      return chart?.data.datasets.map((d) => [d.label, d.data.reduce((a, b) => a + b, 0)]);
    });
    assert.equal(levels, [['非常滿意', 0], ['滿意', 0], ['不清楚', 0], ['不滿意', 0], ['非常不滿意', 1]]);
    const href = String(await page.getAttribute('#csv', 'href'));
    assert.match(href, /^\/api\/stats\.csv\?office=xitun&groupBy=office&period=day&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
    // The export link asks central for the same figures the table shows.
    const csv = await page.request.get(`${central.httpUrl}${href}`);
    assert.is(csv.status(), 200);
    assert.match(String(csv.headers()['content-type']), /^text\/csv/);
    assert.is((await csv.text()).split(/\r?\n/).filter((l) => l.trim()).length, 2, 'a header and one row');
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('an auditor is offered statistics and the audit log, and the console only shows a notice', async () => {
  const auditor = { username: 'chen.audit', password: 'auditor-pass-1', displayName: '陳稽核' };
  await central.accounts.createUser({ ...auditor, role: 'auditor', office: null });
  const context = await browser.newContext();
  try {
    const { page, problems } = await openPage(context);
    await signIn(page, '/', auditor);
    await page.waitForSelector('#home:not([hidden])');
    assert.equal(await page.locator('#home-links a strong').allInnerTexts(), ['統計', '稽核紀錄']);
    await page.goto(`${central.httpUrl}/console`);
    assert.match(await page.locator('main .notice').innerText(), '沒有檢視「即時警示」的權限');
    assert.is(await page.locator('#active').count(), 0);
    await page.goto(`${central.httpUrl}/audit`);
    // The supervisor's acknowledgement and resolution from the first test are on record.
    await page.locator('#audit tbody tr').first().waitFor();
    assert.match(await page.locator('#audit tbody').innerText(), SUPERVISOR.username);
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test.run();
