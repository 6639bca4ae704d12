/**
 * The IT page in a real Chromium against a real central: provisioning a counter shows its
 * password once and that password really opens the MQTT connection; the gateway then appears
 * online with its device health; accounts are created and disabled from the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCentral, type Central } from '../../central/app.ts';
import { parseConfig } from '../../config/load.ts';
import { CentralConfigSchema } from '../../config/schema.ts';
import { topics } from '../../contract/topics.ts';
import { silentLogger } from '../../lib/logger.ts';
import { launchBrowser, watchPage } from './browser.ts';

const ADMIN_PASSWORD = 'admin-pass-1234';
let dir = '';
let central: Central;
let browser: Browser;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-central-it-'));
  const config = parseConfig(
    CentralConfigSchema,
    {
      dataDir: dir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { host: '127.0.0.1', port: 0 },
      offices: [{ id: 'beitun', name: '北屯戶政事務所', counters: [{ id: 'c09', name: '9號櫃檯' }] }],
    },
    'test',
  );
  central = await startCentral(config, { logger: silentLogger, adminPassword: ADMIN_PASSWORD });
  browser = await launchBrowser();
});

test.after(async () => {
  await browser?.close();
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('provisioning shows a working password once; the gateway then shows online with its faults', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  let gw: mqtt.MqttClient | undefined;
  try {
    const page = await context.newPage();
    const problems = watchPage(page, central.httpUrl);
    await page.goto(`${central.httpUrl}/it`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#login-submit');
    await page.waitForURL(`${central.httpUrl}/it`);
    await page.locator('#gw-empty').waitFor();

    await page.selectOption('#pv-office', 'beitun');
    await page.fill('#pv-counter', 'c09');
    await page.click('#provision button[type=submit]');
    await page.locator('#secret').waitFor();
    assert.match(await page.locator('#secret .warning').innerText(), '此密碼只顯示這一次');
    const username = await page.locator('#secret-user').innerText();
    const password = await page.locator('#secret-pass').innerText();
    assert.is(username, 'gw-beitun-c09');
    assert.ok(password.length >= 32, 'a long random secret');

    // The password on the screen is the one central accepts.
    gw = await mqtt.connectAsync(central.mqttUrl, { username, password, clientId: username, reconnectPeriod: 0 });
    const now = new Date().toISOString();
    await gw.publishAsync(topics.state('beitun', 'c09'), JSON.stringify({ online: true, version: '9.9.9', startedAt: now, role: 'counter' }), { qos: 1, retain: true });
    await gw.publishAsync(
      topics.health('beitun', 'c09'),
      JSON.stringify({
        ts: now,
        devices: { buttons: { status: 'fault', code: 'CG_GPIO_BUSY', message: 'line 17 busy' }, voice: { status: 'ok' } },
        diskFreeBytes: 1_000_000,
        uptimeS: 5,
        outboxPending: 3,
      }),
      { qos: 1, retain: true },
    );

    await page.click('#secret-copy');
    await page.locator('#secret-copied').waitFor();
    assert.is(await page.evaluate(() => navigator.clipboard.readText()), password, '複製密碼 puts the password on the clipboard');

    await page.click('#secret-close');
    assert.ok(await page.locator('#secret').isHidden());
    assert.is(await page.locator('#secret-pass').textContent(), '', 'the password is gone from the page');

    // Wait until central has taken in the state, then let the page refresh its table.
    for (let i = 0; i < 50 && !central.gateways.list().some((g) => g.status?.online); i++) await new Promise((r) => setTimeout(r, 100));
    await page.click('#gw-refresh');
    const row = page.locator('#gateways tbody tr[data-counter="c09"]');
    await row.locator('.pill-ok').waitFor();
    const text = await row.innerText();
    assert.match(text, '線上');
    assert.match(text, '9.9.9');
    assert.match(text, 'buttons 故障 CG_GPIO_BUSY');
    assert.match(text, 'voice 正常');
    assert.equal(problems.errors, []);
    assert.equal(problems.foreignRequests, []);
  } finally {
    await gw?.endAsync();
    await context.close();
  }
});

test('accounts: a clerk is created for an office and disabled from the page', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${central.httpUrl}/`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('#home:not([hidden])');
    await page.goto(`${central.httpUrl}/it`);
    await page.locator('#users tbody tr').first().waitFor();
    // The signed-in administrator cannot disable their own account by a slip.
    assert.is(await page.locator('#users tbody tr[data-username="admin"] button').count(), 0);

    await page.fill('#nu-username', 'lin.clerk');
    await page.fill('#nu-display', '林櫃檯');
    await page.selectOption('#nu-role', 'clerk');
    await page.selectOption('#nu-office', 'beitun');
    await page.fill('#nu-password', 'clerk-pass-123');
    await page.click('#new-user button[type=submit]');
    const row = page.locator('#users tbody tr[data-username="lin.clerk"]');
    await row.waitFor();
    assert.match(await row.innerText(), '櫃檯人員');
    assert.match(await row.innerText(), 'beitun');

    page.once('dialog', (d) => void d.accept());
    await row.locator('button').click();
    await page.locator('#users tbody tr.revoked[data-username="lin.clerk"]').waitFor();
    assert.match(await page.locator('#users tbody tr[data-username="lin.clerk"]').innerText(), '已停用');
    const res = await fetch(`${central.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lin.clerk', password: 'clerk-pass-123' }),
    });
    assert.is(res.status, 401, 'a disabled account cannot sign in');
  } finally {
    await context.close();
  }
});

test.run();
