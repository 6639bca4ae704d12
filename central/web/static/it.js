// Central IT: gateway state and health, provisioning a counter (password shown once), accounts.
import { $, api, bootPage, el, loadOffices, showError } from './common.js';
import { ROLE_LABELS, firstArray, formatTaipei, healthLines } from './format.js';

const OFFICE_ROLES = new Set(['clerk', 'supervisor']);
let offices = [];
let me = '';

function parseMaybe(v) {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

function revokeButton(g) {
  const button = el('button', { type: 'button', class: 'secondary small' }, '撤銷');
  button.addEventListener('click', async () => {
    if (!confirm(`確定要撤銷閘道器「${g.office}/${g.counter}」的帳號嗎？撤銷後它將無法再連線，需重新產生帳號。`)) return;
    button.disabled = true;
    try {
      await api(`/api/gateways/${encodeURIComponent(g.office)}/${encodeURIComponent(g.counter)}/revoke`, { method: 'POST' });
      await loadGateways();
    } catch (err) {
      showError($('#gw-error'), err);
      button.disabled = false;
    }
  });
  return button;
}

async function loadGateways() {
  $('#gw-error').hidden = true;
  try {
    const list = firstArray(await api('/api/gateways'), 'gateways');
    let online = 0;
    let faults = 0;
    $('#gateways tbody').replaceChildren(
      ...list.map((g) => {
        // GatewayView: identity plus `status` (null until the gateway first reported).
        const st = g.status ?? g;
        const health = parseMaybe(st.health ?? null);
        const neverSeen = g.status === null;
        const isOnline = Boolean(st.online);
        const lines = healthLines(health);
        if (isOnline) online++;
        if (lines.some((l) => !l.ok)) faults++;
        const pending = health?.outboxPending;
        return el(
          'tr',
          { class: g.revoked ? 'revoked' : undefined, dataset: { office: g.office, counter: g.counter } },
          el('td', {}, g.office),
          el('td', {}, g.counter),
          el('td', {}, g.role === 'alarm-station' ? '主管警示燈' : '櫃檯'),
          el('td', {}, el('span', { class: `pill ${isOnline ? 'pill-ok' : neverSeen ? 'pill-none' : 'pill-bad'}` }, isOnline ? '線上' : neverSeen ? '從未連線' : '離線')),
          el('td', {}, st.version ?? '—'),
          el('td', {}, lines.length ? lines.map((l) => el('div', { class: l.ok ? 'ok' : 'fault' }, l.ok ? '✓ ' : '✗ ', l.text)) : '—'),
          el('td', { class: `num${pending > 0 ? ' warn' : ''}` }, pending ?? '—'),
          el('td', {}, formatTaipei(neverSeen ? null : st.updatedAt ?? health?.ts)),
          el('td', {}, el('code', {}, g.username ?? ''), g.revoked ? el('div', { class: 'fault' }, '已撤銷') : null),
          el('td', {}, g.revoked ? '' : revokeButton(g)),
        );
      }),
    );
    $('#gw-empty').hidden = list.length > 0;
    $('#gw-summary').textContent = `共 ${list.length} 台，線上 ${online} 台，裝置故障 ${faults} 台`;
  } catch (err) {
    showError($('#gw-error'), err);
  }
}

function fillCounters() {
  const office = offices.find((o) => o.id === $('#pv-office').value);
  $('#pv-counters').replaceChildren(...(office?.counters ?? []).map((c) => el('option', { value: c.id }, c.name ?? c.id)));
}

async function copySecret() {
  const text = $('#secret-pass').textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without a secure context the Clipboard API is missing: select the text for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents($('#secret-pass'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    if (!document.execCommand('copy')) return;
  }
  $('#secret-copied').hidden = false;
}

function setupProvision() {
  $('#pv-office').addEventListener('change', fillCounters);
  $('#provision').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('#pv-error').hidden = true;
    const body = { office: $('#pv-office').value, counter: $('#pv-counter').value.trim(), role: $('#pv-role').value };
    try {
      const data = await api('/api/gateways', { method: 'POST', body });
      $('#secret-user').textContent = data.username;
      $('#secret-pass').textContent = data.password;
      $('#secret-copied').hidden = true;
      $('#secret').hidden = false;
      $('#provision').reset();
      loadGateways();
    } catch (err) {
      showError($('#pv-error'), err);
    }
  });
  $('#secret-copy').addEventListener('click', copySecret);
  $('#secret-close').addEventListener('click', () => {
    $('#secret-pass').textContent = '';
    $('#secret-user').textContent = '';
    $('#secret').hidden = true;
  });
}

async function disableUser(username, button) {
  if (!confirm(`確定要停用帳號「${username}」嗎？停用後此人無法再登入。`)) return;
  button.disabled = true;
  try {
    await api(`/api/users/${encodeURIComponent(username)}/disable`, { method: 'POST' });
    await loadUsers();
  } catch (err) {
    showError($('#users-error'), err);
    button.disabled = false;
  }
}

async function loadUsers() {
  $('#users-error').hidden = true;
  try {
    const list = firstArray(await api('/api/users'), 'users');
    $('#users tbody').replaceChildren(
      ...list.map((u) => {
        const button = el('button', { type: 'button', class: 'secondary small' }, '停用');
        button.addEventListener('click', () => disableUser(u.username, button));
        return el(
          'tr',
          { class: u.disabled ? 'revoked' : undefined, dataset: { username: u.username } },
          el('td', {}, el('code', {}, u.username)),
          el('td', {}, u.displayName ?? u.display_name ?? ''),
          el('td', {}, ROLE_LABELS[u.role] ?? u.role),
          el('td', {}, u.office ?? '全市'),
          el('td', {}, u.disabled ? el('span', { class: 'pill pill-bad' }, '已停用') : el('span', { class: 'pill pill-ok' }, '使用中')),
          el('td', {}, formatTaipei(u.createdAt ?? u.created_at)),
          // Nobody locks themselves out by accident.
          el('td', {}, u.disabled || u.username === me ? '' : button),
        );
      }),
    );
  } catch (err) {
    showError($('#users-error'), err);
  }
}

function setupNewUser() {
  const syncOffice = () => {
    const needs = OFFICE_ROLES.has($('#nu-role').value);
    $('#nu-office-field').hidden = !needs;
    $('#nu-office').required = needs;
  };
  $('#nu-role').addEventListener('change', syncOffice);
  syncOffice();
  $('#new-user').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('#nu-error').hidden = true;
    $('#nu-ok').hidden = true;
    const role = $('#nu-role').value;
    const body = {
      username: $('#nu-username').value.trim(),
      displayName: $('#nu-display').value.trim(),
      role,
      office: OFFICE_ROLES.has(role) ? $('#nu-office').value : null,
      password: $('#nu-password').value,
    };
    try {
      await api('/api/users', { method: 'POST', body });
      $('#new-user').reset();
      syncOffice();
      $('#nu-ok').textContent = `已新增帳號「${body.username}」。請將初始密碼親自交給本人。`;
      $('#nu-ok').hidden = false;
      await loadUsers();
    } catch (err) {
      showError($('#nu-error'), err);
    }
  });
}

bootPage('/it', async (user) => {
  me = user.username;
  setupProvision();
  setupNewUser();
  $('#gw-refresh').addEventListener('click', loadGateways);
  try {
    offices = await loadOffices($('#pv-office'));
    await loadOffices($('#nu-office'));
    fillCounters();
  } catch (err) {
    showError($('#page-error'), err);
  }
  await Promise.all([loadGateways(), loadUsers()]);
  // Online state and health change on their own; keep the table current without a reload.
  setInterval(loadGateways, 15000);
});
