// Pure helpers shared by the central pages: no DOM, no fetch, so the tests import them in Node.

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000; // Taiwan has kept UTC+8 without daylight saving since 1979.

export const ROLE_LABELS = Object.freeze({
  clerk: '櫃檯人員',
  supervisor: '主管',
  'it-admin': '資訊室管理員',
  auditor: '稽核人員',
});

export const STATE_LABELS = Object.freeze({
  raised: '未確認',
  acknowledged: '已確認，處理中',
  resolved: '已結案',
});

export const GROUP_LABELS = Object.freeze({ office: '辦公室', counter: '櫃檯', clerk: '承辦人' });
export const PERIOD_LABELS = Object.freeze({ day: '日', week: '週', month: '月' });

export const SIGN_LABELS = Object.freeze({
  'low-negative-share': '不滿意比例異常偏低',
  'silent-button': '按鈕長期無人按壓',
});

/** Which pages each role may open; the API enforces the same rules on the data. */
export const PAGE_ROLES = Object.freeze({
  '/console': ['supervisor', 'it-admin'],
  '/stats': ['supervisor', 'it-admin', 'auditor', 'clerk'],
  '/it': ['it-admin'],
  '/audit': ['auditor', 'it-admin'],
});

export const PAGE_TITLES = Object.freeze({
  '/console': '即時警示',
  '/stats': '統計',
  '/it': '裝置管理',
  '/audit': '稽核紀錄',
});

/** The pages a role may open, in the order the home page lists them. */
export function pagesFor(role) {
  return Object.keys(PAGE_ROLES).filter((path) => PAGE_ROLES[path].includes(role));
}

/** Only a known page is accepted as the target after signing in (no open redirect). */
export function safeNext(next) {
  return typeof next === 'string' && Object.prototype.hasOwnProperty.call(PAGE_ROLES, next) ? next : '/';
}

function taipeiParts(iso) {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString();
}

/** "2026-11-24 17:03:09" in Taipei time; '—' when there is no time. */
export function formatTaipei(iso) {
  if (iso === undefined || iso === null || iso === '') return '—';
  const s = taipeiParts(iso);
  return s === null ? '—' : `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}

/** "17:03:09" in Taipei time. */
export function formatTaipeiTime(iso) {
  if (iso === undefined || iso === null || iso === '') return '—';
  const s = taipeiParts(iso);
  return s === null ? '—' : s.slice(11, 19);
}

/** Today's date in Taipei, plus or minus some days, as YYYY-MM-DD (for date inputs). */
export function taipeiDate(nowMs, plusDays = 0) {
  return new Date(nowMs + TAIPEI_OFFSET_MS + plusDays * 86400000).toISOString().slice(0, 10);
}

/** Elapsed time a supervisor reads at a glance: "45 秒", "3 分 05 秒", "2 小時 07 分". */
export function formatElapsed(ms) {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} 小時 ${String(m % 60).padStart(2, '0')} 分`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小時`;
}

/**
 * The presses line of an alarm card: "2 次（最後 17:03:09）". A single press that reached central
 * more than a minute after it was made (the counter was offline, its outbox replayed it) says
 * so, so the supervisor knows the resident may already have left.
 */
export function formatPresses(alarm) {
  const text = `${alarm.pressCount} 次（最後 ${formatTaipeiTime(alarm.lastPressAt)}）`;
  const lateMs = Date.parse(alarm.raisedAt) - Date.parse(alarm.lastPressAt);
  if (alarm.pressCount === 1 && lateMs > 60_000) return `${text}，延遲 ${formatElapsed(lateMs)} 才送達（櫃檯曾離線）`;
  return text;
}

/** Seconds as a duration, or '—' (median time to acknowledge may be null). */
export function formatSeconds(s) {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  return formatElapsed(s * 1000);
}

/** A 0..1 share as "87.5%"; '—' when undefined (no ratings). */
export function formatPercent(share) {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** Reconnect delay: 1 s, 2 s, 4 s … capped at 30 s, with up to 20% jitter so consoles spread out. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(30000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}

const SEVERITY_RANK = { critical: 0, major: 1, minor: 2 };

/** Unacknowledged first, then the most severe, then the oldest: what needs a walk first. */
export function sortActive(alarms) {
  return [...alarms].sort((a, b) => {
    const ra = a.state === 'raised' ? 0 : 1;
    const rb = b.state === 'raised' ? 0 : 1;
    if (ra !== rb) return ra - rb;
    const sa = SEVERITY_RANK[a.severity] ?? 9;
    const sb = SEVERITY_RANK[b.severity] ?? 9;
    if (sa !== sb) return sa - sb;
    return Date.parse(a.raisedAt) - Date.parse(b.raisedAt);
  });
}

/** The active list after one live transition: a resolved alarm leaves, any other replaces its old view. */
export function applyAlarm(active, alarm) {
  const rest = active.filter((a) => a.id !== alarm.id);
  return alarm.state === 'resolved' ? rest : [...rest, alarm];
}

/** True while at least one alarm waits for acknowledgement: the banner shows and the bell rings. */
export function needsBell(active) {
  return active.some((a) => a.state === 'raised');
}

/** Query string for /api/stats and /api/stats.csv; empty values are left out. */
export function statsQuery(params) {
  const q = new URLSearchParams();
  for (const key of ['office', 'groupBy', 'period', 'from', 'to']) {
    const v = params[key];
    if (v !== undefined && v !== null && v !== '') q.set(key, String(v));
  }
  return q.toString();
}

/** The name of the group a stats row belongs to. */
export function groupName(row, groupBy, officeNames = {}, withOffice = true) {
  if (groupBy === 'clerk') return row.clerk ?? '（未登入）';
  const office = officeNames[row.office] ?? row.office;
  if (groupBy === 'counter') return withOffice ? `${office} ${row.counter ?? ''}`.trim() : (row.counter ?? '');
  return office;
}

/**
 * Chart data from stats rows. Bars: one x position per row (period, with the group when the
 * rows hold more than one group). Lines: x = period, one series per group, null where a
 * group has no row for a period (Chart.js leaves a gap).
 */
export function chartData(rows, groupBy, levels, officeNames = {}) {
  // Within one office the counter id alone is the shorter, clearer label.
  const oneOffice = new Set(rows.map((r) => r.office)).size <= 1;
  const name = (r) => groupName(r, groupBy, officeNames, !oneOffice);
  const sorted = [...rows].sort((a, b) => {
    if (a.period !== b.period) return a.period < b.period ? -1 : 1;
    const ga = name(a);
    const gb = name(b);
    return ga < gb ? -1 : ga > gb ? 1 : 0;
  });
  const groups = [...new Set(sorted.map(name))].sort();
  const periods = [...new Set(sorted.map((r) => r.period))];
  const pct = (v) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1000) / 10);
  const num = (v) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
  const series = groups.map((group) => {
    const byPeriod = new Map(sorted.filter((r) => name(r) === group).map((r) => [r.period, r]));
    const pick = (f) => periods.map((p) => (byPeriod.has(p) ? f(byPeriod.get(p)) : null));
    return {
      group,
      satisfiedPct: pick((r) => pct(r.satisfiedShare)),
      unratedPct: pick((r) => pct(r.unratedShare)),
      medianAckS: pick((r) => num(r.medianAckS)),
    };
  });
  return {
    barLabels: sorted.map((r) => (groups.length > 1 ? [r.period, name(r)] : r.period)),
    levels: levels.map((level) => ({ level, data: sorted.map((r) => r.ratings?.[level] ?? 0) })),
    periods,
    series,
  };
}

/** Device health as short text per device: "buttons 正常", "voice 故障 E_NO_DEVICE：…". */
export function healthLines(health) {
  if (!health || typeof health !== 'object' || !health.devices) return [];
  return Object.entries(health.devices).map(([name, d]) => ({
    name,
    ok: d.status === 'ok',
    text: d.status === 'ok' ? `${name} 正常` : `${name} 故障 ${d.code ?? ''}${d.message ? `：${d.message}` : ''}`.trim(),
  }));
}

/** The first array in an API answer ({ gateways: [...] }, { users: [...] }, …). */
export function firstArray(body, preferred) {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    if (preferred && Array.isArray(body[preferred])) return body[preferred];
    const arr = Object.values(body).find((v) => Array.isArray(v));
    if (arr) return arr;
  }
  return [];
}

/** The instant a Taipei calendar day (YYYY-MM-DD) starts, in ms; NaN for anything else. */
export function taipeiDayStart(date) {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return NaN;
  return Date.parse(`${date}T00:00:00Z`) - TAIPEI_OFFSET_MS;
}

/**
 * Audit records matching the filters: actor and action exactly (case-insensitive), subject
 * and detail by substring, from/to as Taipei days (both inclusive). Empty filters match all.
 */
export function filterAudit(records, f) {
  const lower = (s) => String(s ?? '').trim().toLowerCase();
  const actor = lower(f.actor);
  const action = lower(f.action);
  const subject = lower(f.subject);
  const from = taipeiDayStart(f.from);
  const to = taipeiDayStart(f.to) + 86400000;
  return records.filter((r) => {
    if (actor && lower(r.actor) !== actor) return false;
    if (action && lower(r.action) !== action) return false;
    if (subject && !lower(r.subject).includes(subject) && !lower(JSON.stringify(r.detail ?? '')).includes(subject)) return false;
    const at = Date.parse(r.at);
    if (Number.isFinite(from) && !(at >= from)) return false;
    if (Number.isFinite(to) && !(at < to)) return false;
    return true;
  });
}
