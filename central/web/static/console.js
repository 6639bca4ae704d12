// Supervisor console: live alarms over /ws/alarms, bell, acknowledge and resolve, history.
import { RATING_LABELS_ZH, SEVERITY_LABELS_ZH } from '/vendor/contract.js';
import { Bell } from './bell.js';
import { $, api, bootPage, currentUser, el, loadOffices, showError } from './common.js';
import {
  STATE_LABELS,
  applyAlarm,
  backoffDelay,
  formatElapsed,
  formatPresses,
  formatTaipei,
  needsBell,
  sortActive,
} from './format.js';

const PAGE_TITLE = '即時警示 — 戶政櫃檯服務管理';

let office = '';
/** Only supervisors acknowledge and resolve (the API refuses others); it-admin watches. */
let canAct = false;
let offices = [];
let counterNames = new Map();
let active = [];
let ws = null;
let attempt = 0;
let retryTimer = null;
let watchdog = null;
let pingGapMs = 0;
let lastMessageAt = 0;
let historyTimer = null;
const bell = new Bell();
const cards = new Map();

function counterLabel(counter) {
  const name = counterNames.get(counter);
  return name && name !== counter ? `${counter}（${name}）` : counter;
}

function setConnection(state) {
  const conn = $('#conn');
  conn.className = `conn conn-${state}`;
  conn.textContent = state === 'up' ? '● 即時連線中' : state === 'connecting' ? '連線中…' : '● 連線中斷，重新連線中';
}

function actionError(err) {
  showError($('#action-error'), err);
}

async function acknowledge(id, button) {
  button.disabled = true;
  $('#action-error').hidden = true;
  try {
    const data = await api(`/api/alarms/${encodeURIComponent(id)}/ack`, { method: 'POST' });
    if (data?.alarm) update(data.alarm);
  } catch (err) {
    actionError(err);
    button.disabled = false;
  }
}

async function resolve(id, form) {
  const note = form.elements.note.value.trim();
  const hint = form.querySelector('.note-error');
  if (!note) {
    hint.hidden = false;
    form.elements.note.focus();
    return;
  }
  hint.hidden = true;
  const button = form.querySelector('button');
  button.disabled = true;
  $('#action-error').hidden = true;
  try {
    const data = await api(`/api/alarms/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: { note } });
    if (data?.alarm) update(data.alarm);
  } catch (err) {
    actionError(err);
    button.disabled = false;
  }
}

function buildCard(alarm) {
  const form = el(
    'form',
    { class: 'resolve', onsubmit: (ev) => (ev.preventDefault(), resolve(alarm.id, form)) },
    el('label', {}, '處理說明（必填）', el('textarea', { name: 'note', rows: 2, maxlength: 1000, placeholder: '例如：已向民眾說明並協助補件' })),
    el('p', { class: 'note-error error', hidden: true }, '請先填寫處理說明再結案。'),
    el('button', { type: 'submit', class: 'resolve-btn' }, '結案'),
  );
  const ack = el('button', { type: 'button', class: 'ack-btn', onclick: () => acknowledge(alarm.id, ack) }, '確認');
  const card = el(
    'article',
    { class: 'alarm', dataset: { id: alarm.id } },
    el(
      'div',
      { class: 'alarm-head' },
      el('span', { class: 'alarm-counter' }),
      el('span', { class: 'alarm-level' }),
      el('span', { class: 'badge sev' }),
      el('span', { class: 'badge esc', hidden: true }),
      el('span', { class: 'alarm-state' }),
    ),
    el(
      'dl',
      { class: 'alarm-facts' },
      el('div', {}, el('dt', {}, '承辦人'), el('dd', { class: 'f-clerk' })),
      el('div', {}, el('dt', {}, '發生時間'), el('dd', { class: 'f-raised' })),
      el('div', {}, el('dt', {}, '已經過'), el('dd', { class: 'elapsed' })),
      el('div', {}, el('dt', {}, '按壓次數'), el('dd', { class: 'f-presses' })),
      el('div', {}, el('dt', {}, '確認'), el('dd', { class: 'f-ack' })),
    ),
    canAct
      ? el('div', { class: 'alarm-actions' }, ack, form)
      : el('p', { class: 'muted' }, '僅該辦公室的主管可以確認或結案。'),
  );
  return card;
}

function fillCard(card, alarm) {
  card.className = `alarm sev-${alarm.severity}${alarm.state === 'raised' ? ' unacked' : ''}`;
  card.querySelector('.alarm-counter').textContent = `櫃檯 ${counterLabel(alarm.counter)}`;
  card.querySelector('.alarm-level').textContent = RATING_LABELS_ZH[alarm.lastLevel] ?? alarm.lastLevel;
  const sev = card.querySelector('.sev');
  sev.textContent = SEVERITY_LABELS_ZH[alarm.severity] ?? alarm.severity;
  sev.className = `badge sev sev-${alarm.severity}`;
  const esc = card.querySelector('.esc');
  esc.hidden = !(alarm.escalations > 0);
  esc.textContent = `⬆ 已升級 ${alarm.escalations} 次`;
  card.querySelector('.alarm-state').textContent = STATE_LABELS[alarm.state] ?? alarm.state;
  card.querySelector('.f-clerk').textContent = alarm.clerk ?? '（未登入）';
  card.querySelector('.f-raised').textContent = formatTaipei(alarm.raisedAt);
  const elapsed = card.querySelector('.elapsed');
  elapsed.dataset.since = alarm.raisedAt;
  elapsed.textContent = formatElapsed(Date.now() - Date.parse(alarm.raisedAt));
  card.querySelector('.f-presses').textContent = formatPresses(alarm);
  card.querySelector('.f-ack').textContent = alarm.acknowledgedBy
    ? `${alarm.acknowledgedBy}，${formatTaipei(alarm.acknowledgedAt)}`
    : '尚未確認';
  const ackButton = card.querySelector('.ack-btn');
  if (ackButton) ackButton.hidden = alarm.state !== 'raised';
}

function renderActive() {
  const sorted = sortActive(active);
  const list = $('#active');
  for (const [id, card] of cards) {
    if (!sorted.some((a) => a.id === id)) {
      card.remove();
      cards.delete(id);
    }
  }
  sorted.forEach((alarm, i) => {
    let card = cards.get(alarm.id);
    if (!card) {
      card = buildCard(alarm);
      cards.set(alarm.id, card);
    }
    fillCard(card, alarm);
    // Moving a card only when its place changed keeps the focus in a half-typed note.
    if (list.children[i] !== card) list.insertBefore(card, list.children[i] ?? null);
  });
  $('#active-empty').hidden = sorted.length > 0;
  $('#active-count').textContent = sorted.length ? `（${sorted.length}）` : '';

  const unacked = sorted.filter((a) => a.state === 'raised');
  const banner = $('#banner');
  banner.hidden = unacked.length === 0;
  if (unacked.length) {
    banner.replaceChildren(
      el('strong', {}, `⚠ ${unacked.length} 件警示尚未確認！請立即前往櫃檯`),
      el('span', {}, unacked.map((a) => `櫃檯 ${counterLabel(a.counter)}：${RATING_LABELS_ZH[a.lastLevel] ?? a.lastLevel}`).join('　')),
    );
  }
  document.title = unacked.length ? `（${unacked.length}）未確認警示 — 戶政櫃檯服務管理` : PAGE_TITLE;
  ringBell();
}

function ringBell() {
  const on = needsBell(active);
  bell.set(on);
  // Visible state of the bell, for the page's own styling and for tests.
  document.body.dataset.bell = on && bell.enabled ? 'ringing' : 'off';
}

function update(alarm) {
  if (alarm.office !== office) return;
  active = applyAlarm(active, alarm);
  renderActive();
  scheduleHistory();
}

function tick() {
  const now = Date.now();
  for (const node of document.querySelectorAll('.elapsed[data-since]')) {
    node.textContent = formatElapsed(now - Date.parse(node.dataset.since));
  }
}

function whoWhen(who, at) {
  return who ? [el('div', {}, who), el('div', { class: 'muted' }, formatTaipei(at))] : '—';
}

async function loadHistory() {
  try {
    const data = await api(`/api/alarms?office=${encodeURIComponent(office)}&state=all`);
    const alarms = [...(data?.alarms ?? [])].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
    $('#history tbody').replaceChildren(
      ...alarms.map((a) =>
        el(
          'tr',
          { class: `state-${a.state}`, dataset: { id: a.id } },
          el('td', {}, formatTaipei(a.raisedAt)),
          el('td', {}, counterLabel(a.counter)),
          el('td', {}, a.clerk ?? '—'),
          el('td', {}, RATING_LABELS_ZH[a.lastLevel] ?? a.lastLevel),
          el('td', {}, SEVERITY_LABELS_ZH[a.severity] ?? a.severity),
          el('td', { class: 'num' }, a.pressCount),
          el('td', { class: 'num' }, a.escalations > 0 ? `⬆ ${a.escalations}` : '—'),
          el('td', {}, STATE_LABELS[a.state] ?? a.state),
          el('td', {}, whoWhen(a.acknowledgedBy, a.acknowledgedAt)),
          el('td', {}, whoWhen(a.resolvedBy, a.resolvedAt)),
          el('td', { class: 'note' }, a.resolutionNote ?? '—'),
        ),
      ),
    );
    $('#history-empty').hidden = alarms.length > 0;
  } catch (err) {
    actionError(err);
  }
}

function scheduleHistory() {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(loadHistory, 300);
}

function resetWatchdog() {
  clearTimeout(watchdog);
  // Only once central has shown that it pings do we treat silence as a dead connection.
  if (pingGapMs > 0) watchdog = setTimeout(() => ws?.close(), Math.max(30000, pingGapMs * 3));
}

function connect() {
  clearTimeout(retryTimer);
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${proto}://${location.host}/ws/alarms?office=${encodeURIComponent(office)}`);
  ws = socket;
  setConnection('connecting');
  socket.addEventListener('message', (ev) => {
    if (socket !== ws) return;
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    const now = Date.now();
    if (msg.type === 'ping') {
      if (lastMessageAt) pingGapMs = Math.max(pingGapMs, now - lastMessageAt);
    } else if (msg.type === 'snapshot') {
      active = (msg.active ?? []).filter((a) => a.office === office);
      attempt = 0;
      setConnection('up');
      renderActive();
      loadHistory();
    } else if (msg.type === 'alarm' && msg.alarm) {
      update(msg.alarm);
    }
    lastMessageAt = now;
    resetWatchdog();
  });
  socket.addEventListener('close', async () => {
    if (socket !== ws) return;
    clearTimeout(watchdog);
    setConnection('down');
    const delay = backoffDelay(attempt++);
    retryTimer = setTimeout(connect, delay);
    if (attempt >= 2) {
      // A connection refused again and again may be an expired session: send the user to sign in.
      const user = await currentUser().catch(() => undefined);
      if (user === null) location.assign('/?next=/console');
    }
  });
}

function useOffice(id) {
  office = id;
  const mine = offices.find((o) => o.id === office);
  counterNames = new Map((mine?.counters ?? []).map((c) => [c.id, c.name]));
}

function switchOffice(next) {
  useOffice(next);
  active = [];
  lastMessageAt = 0;
  pingGapMs = 0;
  renderActive();
  const old = ws;
  ws = null;
  old?.close();
  attempt = 0;
  connect();
}

function setupSound() {
  const button = $('#sound-enable');
  button.addEventListener('click', async () => {
    const ok = await bell.enable().catch(() => false);
    button.hidden = ok;
    $('#sound-on').hidden = !ok;
    if (ok) {
      bell.set(false);
      ringBell();
    } else {
      showError($('#action-error'), new Error('此瀏覽器無法播放警示音，請檢查音效設定。'));
    }
  });
}

bootPage('/console', async (user) => {
  canAct = user.role === 'supervisor';
  setupSound();
  setInterval(tick, 1000);
  try {
    const select = $('#office');
    offices = await loadOffices(select);
    if (user.role === 'supervisor') {
      useOffice(user.office ?? '');
    } else {
      $('#office-pick').hidden = false;
      useOffice(offices[0]?.id ?? '');
      select.addEventListener('change', () => switchOffice(select.value));
    }
  } catch (err) {
    showError($('#page-error'), err);
    office = user.office ?? '';
  }
  renderActive();
  connect();
});
