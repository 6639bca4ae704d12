import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { silentLogger } from '../../lib/logger.ts';
import { startGatewayHttp } from '../../gateway/http/server.ts';
import { FakeCounter, sampleAlarm } from '../gateway/http-fake-controller.ts';
import { launchBrowser, watchPage, type PageProblems } from './browser.ts';

/**
 * The counter's screens in a real Chromium against the real HTTP server and a fake
 * controller. Screenshots go to /tmp/kiosk-*.png for a person to look at.
 */
const LEVEL_NAMES = ['非常滿意', '滿意', '不清楚', '不滿意', '非常不滿意'];
const WAIT = { timeout: 10_000 };

let browser: Browser;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
});

async function withCounter(
  fake: FakeCounter,
  fn: (url: string, open: (path: string, size?: { width: number; height: number }) => Promise<Page>) => Promise<void>,
): Promise<void> {
  const server = await startGatewayHttp({ controller: fake, host: '127.0.0.1', port: 0, logger: silentLogger });
  const context = await browser.newContext({ locale: 'zh-TW' });
  const watched: PageProblems[] = [];
  try {
    await fn(server.url, async (path, size = { width: 1280, height: 800 }) => {
      const page = await context.newPage();
      await page.setViewportSize(size);
      watched.push(watchPage(page, server.url));
      await page.goto(server.url + path);
      return page;
    });
    for (const p of watched) {
      assert.equal(p.errors, [], 'no script or console errors (CSP violations included)');
      assert.equal(p.foreignRequests, [], 'nothing is loaded from another host');
    }
  } finally {
    await context.close();
    fake.close();
    await server.close();
  }
}

const rateButton = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function allDisabled(page: Page): Promise<boolean[]> {
  return Promise.all(LEVEL_NAMES.map((n) => rateButton(page, n).isDisabled()));
}

test('resident screen rests with 歡迎光臨 and five labelled, disabled buttons when no window is open', async () => {
  const fake = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  await withCounter(fake, async (_url, open) => {
    const rate = await open('/rate', { width: 1280, height: 800 });
    await rate.getByRole('heading', { name: '歡迎光臨' }).waitFor(WAIT);
    await rate.getByText('櫃檯 c01').waitFor(WAIT);
    assert.equal(await allDisabled(rate), [true, true, true, true, true]);
    assert.is(await rate.getByRole('heading', { name: '請為本次服務評分' }).isVisible(), false);
    // The font the page actually renders with is a CJK one installed on the box.
    const font = await rate.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, 'Noto Sans CJK TC');
    await rate.screenshot({ path: '/tmp/kiosk-rate-idle.png' });
  });
});

test('a clerk signs in, completes a case; /rate counts down, a press reaches the controller and shows thanks', async () => {
  const fake = new FakeCounter();
  await withCounter(fake, async (_url, open) => {
    const clerk = await open('/');
    await clerk.getByRole('heading', { name: '櫃檯人員登入' }).waitFor(WAIT);
    await clerk.getByText('連線中', { exact: true }).waitFor(WAIT);

    // A wrong password says so, in zh-TW, and signs nobody in.
    await clerk.getByLabel('帳號').fill('clerk01');
    await clerk.getByLabel('密碼').fill('not-it');
    await clerk.getByRole('button', { name: '登入' }).click();
    await clerk.getByText('帳號或密碼錯誤。').waitFor(WAIT);
    assert.is(fake.status().clerk, null);
    assert.is(await clerk.getByLabel('密碼').inputValue(), '', 'the password field is cleared');
    await clerk.screenshot({ path: '/tmp/kiosk-clerk-signin.png' });

    await clerk.getByLabel('帳號').fill('clerk01');
    await clerk.getByLabel('密碼').fill('pw-clerk01');
    await clerk.getByRole('button', { name: '登入' }).click();
    await clerk.getByText('王小明').waitFor(WAIT);
    assert.is(fake.status().clerk?.username, 'clerk01');

    const rate = await open('/rate');
    await rate.getByRole('heading', { name: '歡迎光臨' }).waitFor(WAIT);
    assert.equal(await allDisabled(rate), [true, true, true, true, true]);

    await clerk.getByLabel('案件編號（選填）').fill('113-000123');
    await clerk.getByRole('button', { name: '完成案件（開立收據）' }).click();
    await clerk.locator('#rating-state', { hasText: /等待民眾評分（案件 113-000123），剩餘 \d+ 秒/ }).waitFor(WAIT);
    assert.equal(
      fake.calls.find((c) => c.method === 'completeCase'),
      { method: 'completeCase', args: ['receipt', '113-000123'] },
    );

    await rate.getByRole('heading', { name: '請為本次服務評分' }).waitFor(WAIT);
    const seconds = Number(await rate.locator('#seconds').textContent());
    assert.ok(seconds >= 1 && seconds <= 30, `countdown shows ${seconds}`);
    await rate.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-level="very-satisfied"]')?.disabled);
    assert.equal(await allDisabled(rate), [false, false, false, false, false]);
    await rate.screenshot({ path: '/tmp/kiosk-rate-open.png' });
    await clerk.screenshot({ path: '/tmp/kiosk-clerk-window.png' });

    await rateButton(rate, '非常滿意').click();
    await rate.getByRole('heading', { name: '謝謝您的寶貴意見' }).waitFor(WAIT);
    assert.equal(fake.screenPresses, ['very-satisfied']);
    assert.equal(fake.status().lastRating?.level, 'very-satisfied');
    assert.equal(await allDisabled(rate), [true, true, true, true, true], 'one press per case');
    await rate.screenshot({ path: '/tmp/kiosk-rate-thanks.png' });

    await clerk.locator('#rating-state', { hasText: /民眾評分：非常滿意/ }).waitFor(WAIT);
    await clerk.screenshot({ path: '/tmp/kiosk-clerk-rated.png' });

    await clerk.getByRole('button', { name: '登出' }).click();
    await clerk.getByRole('heading', { name: '櫃檯人員登入' }).waitFor(WAIT);
    assert.is(fake.status().state, 'signed-out');

    // The next sign-in starts clean: the last rating is not shown to whoever signs in next.
    await clerk.getByLabel('帳號').fill('clerk01');
    await clerk.getByLabel('密碼').fill('pw-clerk01');
    await clerk.getByRole('button', { name: '登入' }).click();
    await clerk.locator('#rating-state', { hasText: '目前沒有進行中的評分。' }).waitFor(WAIT);
    assert.is(fake.status().lastRating?.level, 'very-satisfied', 'the gateway still knows it');
  });
});

test('completing a case without case number and the one-time notice button both open a window', async () => {
  const fake = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  await withCounter(fake, async (_url, open) => {
    const clerk = await open('/');
    await clerk.getByRole('button', { name: '完成案件（一次告知單）' }).click();
    await clerk.locator('#rating-state', { hasText: /等待民眾評分（案件 auto-1）/ }).waitFor(WAIT);
    assert.equal(fake.calls.at(-1), { method: 'completeCase', args: ['notice', undefined] });
  });
});

test('the clerk screen shows offline with stored events, device faults, and errors from the gateway', async () => {
  const fake = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  await withCounter(fake, async (_url, open) => {
    const clerk = await open('/');
    await clerk.getByText('王小明').waitFor(WAIT);
    fake.update({
      online: false,
      outboxPending: 3,
      devices: {
        buttons: { status: 'ok' },
        voice: { status: 'fault', code: 'CG_DEV_VOICE_FAILED', message: 'aplay exited with code 1' },
      },
    });
    await clerk.getByText('離線，事件暫存 3 筆').waitFor(WAIT);
    await clerk.getByText('故障').waitFor(WAIT);
    await clerk.getByText(/CG_DEV_VOICE_FAILED/).waitFor(WAIT);
    await clerk.screenshot({ path: '/tmp/kiosk-clerk-offline.png' });

    // The gateway refuses (here: signed out meanwhile); the clerk reads why.
    fake.update({ clerk: null, state: 'idle' });
    await clerk.getByRole('button', { name: '完成案件（開立收據）' }).click();
    await clerk.getByText('請先登入櫃檯人員帳號，才能結案。').waitFor(WAIT);
  });
});

test('an alarm station shows its open alarms instead of the clerk sign-in', async () => {
  const fake = new FakeCounter({ role: 'alarm-station', counter: 'station', simulatedButtons: false });
  fake.update({ alarms: [sampleAlarm(), sampleAlarm({ id: 'a2', counter: 'c05', severity: 'major', state: 'acknowledged', lastLevel: 'dissatisfied' })] });
  await withCounter(fake, async (_url, open) => {
    const page = await open('/');
    await page.getByRole('heading', { name: '警示站' }).waitFor(WAIT);
    await page.getByRole('heading', { name: '未處理的警示' }).waitFor(WAIT);
    await page.getByText(/緊急｜櫃檯 c03｜非常不滿意｜待處理/).waitFor(WAIT);
    await page.getByText(/重要｜櫃檯 c05｜不滿意｜處理中/).waitFor(WAIT);
    assert.is(await page.getByRole('heading', { name: '櫃檯人員登入' }).isVisible(), false);
    await page.screenshot({ path: '/tmp/kiosk-station.png' });
  });
});

test('the demo panel presses simulated buttons, labelled as a simulation', async () => {
  const fake = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  await withCounter(fake, async (_url, open) => {
    const sim = await open('/sim');
    await sim.getByRole('heading', { name: '模擬實體評分按鈕盒' }).waitFor(WAIT);
    await sim.getByText('目前未開放評分：按下將記錄為無效按壓。').waitFor(WAIT);
    await sim.getByRole('button', { name: '不滿意', exact: true }).click();
    await sim.getByText('按下「不滿意」').waitFor(WAIT);
    assert.equal(fake.simulatedPresses, ['dissatisfied']);
    await fake.completeCase('receipt', 'S-1');
    await sim.getByText(/評分開放中（案件 S-1）/).waitFor(WAIT);
    await sim.getByRole('button', { name: '非常不滿意', exact: true }).click();
    await sim.getByText('按下「非常不滿意」').waitFor(WAIT);
    assert.equal(fake.status().lastRating?.level, 'very-dissatisfied');
    await sim.screenshot({ path: '/tmp/kiosk-sim.png' });
  });
});

test('the resident screen reconnects after the gateway restarts and follows the new status', async () => {
  const first = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  const server = await startGatewayHttp({ controller: first, host: '127.0.0.1', port: 0, logger: silentLogger });
  const port = Number(new URL(server.url).port);
  const context = await browser.newContext();
  const page = await context.newPage();
  let second: FakeCounter | null = null;
  let restarted: { close(): Promise<void> } | null = null;
  try {
    await page.goto(server.url + '/rate');
    await page.getByRole('heading', { name: '歡迎光臨' }).waitFor(WAIT);
    await server.close();
    second = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
    restarted = await startGatewayHttp({ controller: second, host: '127.0.0.1', port, logger: silentLogger });
    await second.completeCase('receipt', 'R-1');
    await page.getByRole('heading', { name: '請為本次服務評分' }).waitFor(WAIT);
    await rateButton(page, '滿意').click();
    await page.getByRole('heading', { name: '謝謝您的寶貴意見' }).waitFor(WAIT);
    assert.equal(second.screenPresses, ['satisfied']);
  } finally {
    await context.close();
    first.close();
    second?.close();
    await restarted?.close();
  }
});

test('portrait screens stack the five buttons, all still large and labelled', async () => {
  const fake = new FakeCounter({ clerk: { username: 'clerk01', displayName: '王小明' }, state: 'idle' });
  await withCounter(fake, async (_url, open) => {
    await fake.completeCase('receipt', 'P-1');
    const rate = await open('/rate', { width: 800, height: 1280 });
    await rate.getByRole('heading', { name: '請為本次服務評分' }).waitFor(WAIT);
    for (const name of LEVEL_NAMES) {
      const box = await rateButton(rate, name).boundingBox();
      assert.ok(box && box.height >= 88 && box.width >= 600, `${name} is a large target: ${JSON.stringify(box)}`);
    }
    await rate.screenshot({ path: '/tmp/kiosk-rate-portrait.png' });
  });
});

test.run();
