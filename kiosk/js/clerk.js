import { RATING_LABELS_ZH, SEVERITY_LABELS_ZH } from '/contract/ratings.js';
import { postJson } from './api.js';
import { clockTime, deviceName, el, fractionLeft, secondsLeft } from './format.js';
import { connectStatus } from './live.js';

const $ = (id) => document.getElementById(id);
const signinPanel = $('signin-panel');
const workPanel = $('work-panel');
const alarmsPanel = $('alarms-panel');
const caseButtons = [...document.querySelectorAll('[data-outcome]')];
const ALARM_STATES = { raised: '待處理', acknowledged: '處理中', resolved: '已解決' };

let status = null;
let busy = false;
/**
 * The case this screen last saw open for the clerk now signed in. A rating is shown only for
 * that case: ratings are seen by the clerk concerned, never by the next one at the counter.
 */
let lastCaseId = null;
let clerkSeen = null;

function render() {
  if (!status) return;
  const s = status;
  const clerkNow = s.clerk?.username ?? null;
  if (clerkNow !== clerkSeen) {
    clerkSeen = clerkNow;
    lastCaseId = null;
  }
  $('where').textContent = s.role === 'alarm-station' ? s.office : `${s.office} ／ 櫃檯 ${s.counter}`;
  const link = $('link-state');
  if (s.online) {
    link.textContent = s.outboxPending > 0 ? `連線中（上傳中 ${s.outboxPending} 筆）` : '連線中';
    link.className = 'pill ok';
  } else {
    link.textContent = `離線，事件暫存 ${s.outboxPending} 筆`;
    link.className = 'pill warn';
  }

  const station = s.role === 'alarm-station';
  const title = station ? '警示站' : '櫃檯作業';
  if ($('page-title').textContent !== title) {
    $('page-title').textContent = title;
    document.title = title;
  }
  signinPanel.hidden = station || s.state !== 'signed-out';
  workPanel.hidden = station || s.state === 'signed-out';
  alarmsPanel.hidden = !(station || Array.isArray(s.alarms));

  if (s.clerk) {
    $('clerk-name').textContent = s.clerk.displayName;
    $('clerk-username').textContent = `（${s.clerk.username}）`;
  }
  for (const b of caseButtons) b.disabled = busy || s.state === 'signed-out';
  $('signout-button').disabled = busy;
  $('signin-button').disabled = busy;

  renderRating(s);
  renderDevices(s);
  renderAlarms(s);
}

/** Says the rating state to screen readers when it changes, not on every countdown tick. */
function announce(text) {
  const node = $('rating-announce');
  if (node.dataset.last !== text) {
    node.dataset.last = text;
    node.textContent = text;
  }
}

function renderRating(s) {
  const stateEl = $('rating-state');
  const bar = $('rating-progress');
  if (s.state === 'window-open' && s.window) {
    lastCaseId = s.window.caseId;
    stateEl.textContent = `等待民眾評分（案件 ${s.window.caseId}），剩餘 ${secondsLeft(s.window.closesAt)} 秒`;
    announce(`等待民眾評分（案件 ${s.window.caseId}）`);
    bar.hidden = false;
    $('rating-fill').style.width = `${(fractionLeft(s.window) * 100).toFixed(1)}%`;
    return;
  }
  bar.hidden = true;
  const last = s.lastRating;
  if (last && lastCaseId !== null && last.caseId === lastCaseId) {
    stateEl.textContent = `民眾評分：${RATING_LABELS_ZH[last.level] ?? last.level}（案件 ${last.caseId}，${clockTime(last.at)}）`;
  } else if (lastCaseId !== null) {
    stateEl.textContent = `案件 ${lastCaseId}：民眾未評分`;
  } else {
    stateEl.textContent = '目前沒有進行中的評分。';
  }
  announce(stateEl.textContent);
}

function renderDevices(s) {
  const list = $('device-list');
  const items = Object.entries(s.devices ?? {}).map(([name, d]) => {
    const ok = d.status === 'ok';
    const li = el('li', {}, el('span', {}, deviceName(name)), el('span', { class: `pill ${ok ? 'ok' : 'fault'}` }, ok ? '正常' : '故障'));
    if (!ok) li.append(el('span', { class: 'detail' }, [d.code, d.message].filter(Boolean).join('：')));
    return li;
  });
  if (items.length === 0) items.push(el('li', { class: 'muted' }, '沒有設備資料'));
  list.replaceChildren(...items);
  $('outbox-line').textContent = s.online
    ? s.outboxPending > 0 ? `待上傳事件 ${s.outboxPending} 筆` : '所有事件皆已上傳'
    : `離線中：事件已安全暫存於本機（${s.outboxPending} 筆），恢復連線後自動上傳`;
}

function renderAlarms(s) {
  const alarms = Array.isArray(s.alarms) ? s.alarms.filter((a) => a.state !== 'resolved') : [];
  $('alarms-empty').hidden = alarms.length > 0;
  $('alarm-list').replaceChildren(
    ...alarms.map((a) =>
      el(
        'li',
        { class: a.state },
        `${SEVERITY_LABELS_ZH[a.severity] ?? a.severity}｜櫃檯 ${a.counter}｜${RATING_LABELS_ZH[a.lastLevel] ?? a.lastLevel}` +
          `｜${ALARM_STATES[a.state] ?? a.state}｜${clockTime(a.raisedAt)}`,
      ),
    ),
  );
}

async function run(action, errorEl) {
  busy = true;
  errorEl.textContent = '';
  render();
  try {
    await action();
  } catch (err) {
    errorEl.textContent = err.userMessage ?? '系統發生錯誤，請通知資訊室。';
  } finally {
    busy = false;
    render();
  }
}

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  $('password').value = '';
  void run(async () => {
    await postJson('/api/sign-in', { username, password });
    $('username').value = '';
  }, $('signin-error'));
});

$('signout-button').addEventListener('click', () => {
  void run(async () => {
    await postJson('/api/sign-out', {});
    lastCaseId = null;
  }, $('case-error'));
});

for (const button of caseButtons) {
  button.addEventListener('click', () => {
    const caseId = $('case-id').value.trim();
    const body = { outcome: button.dataset.outcome };
    if (caseId) body.caseId = caseId;
    void run(async () => {
      const res = await postJson('/api/cases/complete', body);
      lastCaseId = res.caseId;
      $('case-id').value = '';
    }, $('case-error'));
  });
}

connectStatus({
  onStatus(s) {
    status = s;
    render();
  },
  onConnection(up) {
    $('socket-banner').hidden = up;
    if (!up) {
      $('link-state').textContent = '未連線';
      $('link-state').className = 'pill fault';
    }
  },
});
setInterval(() => {
  if (status?.state === 'window-open') renderRating(status);
}, 250);
