import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { silentLogger } from '../../lib/logger.ts';
import { startGatewayHttp } from '../../gateway/http/server.ts';
import { realCounter } from '../gateway/http-real-counter.ts';
import { launchBrowser, watchPage } from './browser.ts';

/** The screens over the real controller (rating machine, outbox, clerk sign-in, simulated devices). */
const WAIT = { timeout: 10_000 };
let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
});

test('clerk screen → resident screen → outbox, with the real counter controller (offline)', async () => {
  const rc = await realCounter();
  const server = await startGatewayHttp({ controller: rc.counter, host: '127.0.0.1', port: 0, logger: silentLogger });
  const context = await browser.newContext({ locale: 'zh-TW' });
  try {
    const clerk = await context.newPage();
    const rate = await context.newPage();
    const problems = [watchPage(clerk, server.url), watchPage(rate, server.url)];
    await clerk.goto(server.url + '/');
    await rate.goto(server.url + '/rate');

    // No MQTT link in this test: the gateway is offline and says so.
    await clerk.getByText(/^離線，事件暫存 \d+ 筆$/).waitFor(WAIT);
    await clerk.getByLabel('帳號').fill('clerk01');
    await clerk.getByLabel('密碼').fill('pw-clerk01');
    await clerk.getByRole('button', { name: '登入' }).click();
    await clerk.getByText('王小明').waitFor(WAIT);
    await clerk.getByText('離線，事件暫存 1 筆').waitFor(WAIT);

    assert.is(await rate.getByRole('button', { name: '不滿意', exact: true }).isDisabled(), true);
    await clerk.getByRole('button', { name: '完成案件（一次告知單）' }).click();
    await rate.getByRole('heading', { name: '請為本次服務評分' }).waitFor(WAIT);
    await rate.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-level="dissatisfied"]')?.disabled);
    await rate.getByRole('button', { name: '不滿意', exact: true }).click();
    await rate.getByRole('heading', { name: '謝謝您的寶貴意見' }).waitFor(WAIT);
    await clerk.locator('#rating-state', { hasText: /民眾評分：不滿意/ }).waitFor(WAIT);

    const events = rc.events();
    assert.equal(events.map((e) => e.kind), ['session', 'case', 'rating']);
    assert.is(events[1]?.body.outcome, 'notice');
    assert.is(events[2]?.body.level, 'dissatisfied');
    assert.is(events[2]?.body.source, 'screen');
    assert.is(events[2]?.body.caseId, events[1]?.body.caseId);
    for (const p of problems) {
      assert.equal(p.errors, []);
      assert.equal(p.foreignRequests, []);
    }
  } finally {
    await context.close();
    await server.close();
    await rc.close();
  }
});

test.run();
