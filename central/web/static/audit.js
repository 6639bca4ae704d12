// Audit log viewer: who did what and when, with filters (server-side when supported, and here).
import { $, api, bootPage, el, showError } from './common.js';
import { filterAudit, firstArray, formatTaipei, taipeiDate, taipeiDayStart } from './format.js';

function detailText(r) {
  const d = r.detail ?? r.detailJson ?? r.detail_json;
  if (d === undefined || d === null || d === '') return '';
  if (typeof d === 'string') return d;
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('　');
}

function filters() {
  return {
    actor: $('#actor').value,
    action: $('#action').value,
    subject: $('#subject').value,
    from: $('#from').value,
    to: $('#to').value,
  };
}

async function load() {
  $('#audit-error').hidden = true;
  const f = filters();
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.action.trim()) q.set('action', f.action.trim());
  if (f.from) q.set('from', new Date(taipeiDayStart(f.from)).toISOString());
  if (f.to) q.set('to', new Date(taipeiDayStart(f.to) + 86400000 - 1).toISOString());
  q.set('limit', '1000');
  try {
    const all = firstArray(await api(`/api/audit?${q}`), 'records');
    const records = filterAudit(all, f).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    const actions = [...new Set(all.map((r) => r.action))].sort();
    $('#actions').replaceChildren(...actions.map((a) => el('option', { value: a })));
    $('#audit tbody').replaceChildren(
      ...records.map((r) =>
        el(
          'tr',
          {},
          el('td', { class: 'nowrap' }, formatTaipei(r.at)),
          el('td', {}, r.actor ?? '—'),
          el('td', {}, el('code', {}, r.action ?? '')),
          el('td', {}, r.subject ?? '—'),
          el('td', { class: 'detail' }, detailText(r)),
        ),
      ),
    );
    $('#audit-empty').hidden = records.length > 0;
    $('#audit-summary').textContent = `共 ${records.length} 筆（時間為台北時間）`;
  } catch (err) {
    showError($('#audit-error'), err);
  }
}

bootPage('/audit', async () => {
  const now = Date.now();
  $('#from').value = taipeiDate(now, -6);
  $('#to').value = taipeiDate(now);
  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    load();
  });
  await load();
});
