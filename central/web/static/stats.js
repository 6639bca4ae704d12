// Statistics: filters, the table, Chart.js charts, the CSV link and the tamper/stuffing signs.
import { RATING_LABELS_ZH, RATING_LEVELS } from '/vendor/contract.js';
import { $, api, bootPage, el, loadOffices, showError } from './common.js';
import {
  GROUP_LABELS,
  SIGN_LABELS,
  chartData,
  formatPercent,
  formatSeconds,
  groupName,
  statsQuery,
  taipeiDate,
} from './format.js';

const LEVEL_COLORS = {
  'very-satisfied': '#1b7f3b',
  satisfied: '#7cc255',
  'no-opinion': '#9e9e9e',
  dissatisfied: '#f2a23a',
  'very-dissatisfied': '#d32f2f',
};
const FONT = '"Noto Sans CJK TC", sans-serif';

let user = null;
let officeNames = {};
const charts = {};

function params() {
  return {
    office: $('#office').value,
    groupBy: $('#groupBy').value,
    period: $('#period').value,
    from: $('#from').value,
    to: $('#to').value,
  };
}

function drawChart(id, config) {
  window.Chart.defaults.font.family = FONT;
  charts[id]?.destroy();
  charts[id] = new window.Chart($(`#${id}`), config);
}

const SERIES_COLORS = ['#0b4f8a', '#1b7f3b', '#b3261e', '#6a1b9a', '#c17900', '#00838f', '#4e342e', '#ad1457', '#37474f', '#558b2f'];

function renderCharts(rows, groupBy) {
  const data = chartData(rows, groupBy, RATING_LEVELS, officeNames);
  const single = data.series.length === 1;
  const color = (i) => SERIES_COLORS[i % SERIES_COLORS.length];
  const base = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
  };
  drawChart('chart-levels', {
    type: 'bar',
    data: {
      labels: data.barLabels,
      datasets: data.levels.map(({ level, data: counts }) => ({
        label: RATING_LABELS_ZH[level] ?? level,
        data: counts,
        backgroundColor: LEVEL_COLORS[level],
        stack: 'ratings',
        maxBarThickness: 90,
      })),
    },
    options: { ...base, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: '件數' } } } },
  });
  drawChart('chart-shares', {
    type: 'line',
    data: {
      labels: data.periods,
      datasets: data.series.flatMap((s, i) => [
        { label: single ? '滿意比例（%）' : `${s.group} 滿意比例`, data: s.satisfiedPct, borderColor: single ? '#1b7f3b' : color(i), backgroundColor: single ? '#1b7f3b' : color(i) },
        { label: single ? '未評分比例（%）' : `${s.group} 未評分比例`, data: s.unratedPct, borderColor: single ? '#6b6b6b' : color(i), backgroundColor: single ? '#6b6b6b' : color(i), borderDash: [6, 4], pointStyle: 'rectRot' },
      ]),
    },
    options: { ...base, scales: { x: { offset: true }, y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
  });
  drawChart('chart-ack', {
    type: 'line',
    data: {
      labels: data.periods,
      datasets: data.series.map((s, i) => ({
        label: single ? '確認時間中位數（秒）' : `${s.group}（秒）`,
        data: s.medianAckS,
        borderColor: single ? '#b3261e' : color(i),
        backgroundColor: single ? '#b3261e' : color(i),
      })),
    },
    options: { ...base, scales: { x: { offset: true }, y: { beginAtZero: true, suggestedMax: 60, title: { display: true, text: '秒' } } } },
  });
}

function renderTable(rows, groupBy) {
  $('#stats-table thead').replaceChildren(
    el(
      'tr',
      {},
      el('th', {}, '期間'),
      el('th', {}, GROUP_LABELS[groupBy] ?? groupBy),
      el('th', {}, '案件數'),
      el('th', {}, '已評分'),
      el('th', {}, '未評分比例'),
      RATING_LEVELS.map((l) => el('th', {}, RATING_LABELS_ZH[l] ?? l)),
      el('th', {}, '滿意比例'),
      el('th', {}, '不滿意比例'),
      el('th', {}, '無效按壓'),
      el('th', {}, '警示'),
      el('th', {}, '確認時間中位數'),
    ),
  );
  const sorted = [...rows].sort((a, b) => (a.period === b.period ? 0 : a.period < b.period ? -1 : 1));
  $('#stats-table tbody').replaceChildren(
    ...sorted.map((r) =>
      el(
        'tr',
        {},
        el('td', {}, r.period),
        el('td', {}, groupName(r, groupBy, officeNames)),
        el('td', { class: 'num' }, r.cases),
        el('td', { class: 'num' }, r.rated),
        el('td', { class: 'num' }, formatPercent(r.unratedShare)),
        RATING_LEVELS.map((l) => el('td', { class: `num lv-${l}` }, r.ratings?.[l] ?? 0)),
        el('td', { class: 'num' }, formatPercent(r.satisfiedShare)),
        el('td', { class: 'num' }, formatPercent(r.dissatisfiedShare)),
        el('td', { class: 'num' }, r.ignoredPresses),
        el('td', { class: 'num' }, r.alarms),
        el('td', { class: 'num' }, formatSeconds(r.medianAckS)),
      ),
    ),
  );
}

async function loadSigns(office) {
  const box = $('#signs');
  if (!(user.role === 'supervisor' || user.role === 'it-admin')) {
    box.hidden = true;
    return;
  }
  // it-admin with 全部辦公室 gets the whole city's signs.
  const data = await api(office ? `/api/signs?office=${encodeURIComponent(office)}` : '/api/signs');
  const signs = data?.signs ?? [];
  box.hidden = signs.length === 0;
  $('#signs-list').replaceChildren(
    ...signs.map((s) =>
      el(
        'li',
        {},
        el('strong', {}, `${officeNames[s.office] ?? s.office} 櫃檯 ${s.counter}`),
        `：${SIGN_LABELS[s.kind] ?? s.kind}${s.level ? `（${RATING_LABELS_ZH[s.level] ?? s.level}）` : ''}`,
        s.detail ? el('div', { class: 'muted' }, s.detail) : null,
      ),
    ),
  );
}

async function refresh() {
  const p = params();
  const query = statsQuery(p);
  $('#csv').href = `/api/stats.csv?${query}`;
  $('#stats-error').hidden = true;
  try {
    const data = await api(`/api/stats?${query}`);
    const rows = data?.rows ?? [];
    $('#stats-empty').hidden = rows.length > 0;
    $('#charts').hidden = rows.length === 0;
    $('#table-section').hidden = rows.length === 0;
    if (rows.length) {
      renderTable(rows, p.groupBy);
      renderCharts(rows, p.groupBy);
    }
  } catch (err) {
    showError($('#stats-error'), err);
  }
  try {
    await loadSigns(p.office);
  } catch (err) {
    showError($('#stats-error'), err);
  }
}

bootPage('/stats', async (u) => {
  user = u;
  const now = Date.now();
  $('#from').value = taipeiDate(now, -29);
  $('#to').value = taipeiDate(now);
  const cityWide = user.role === 'it-admin' || user.role === 'auditor';
  try {
    const offices = await loadOffices($('#office'), { allowAll: cityWide });
    officeNames = Object.fromEntries(offices.map((o) => [o.id, o.name ?? o.id]));
  } catch (err) {
    showError($('#page-error'), err);
  }
  if (!cityWide && user.office) $('#office').value = user.office;
  if (user.role === 'auditor') $('#groupBy option[value="clerk"]').remove();
  if (user.role === 'clerk') {
    $('#stats-title').textContent = '我的服務統計';
    $('#groupBy').value = 'clerk';
    $('#group-field').hidden = true;
    $('#office-field').hidden = true;
  }
  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    refresh();
  });
  for (const id of ['office', 'groupBy', 'period']) $(`#${id}`).addEventListener('change', refresh);
  await refresh();
});
