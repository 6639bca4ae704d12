import { RATING_LABELS_ZH, RATING_LEVELS } from '/contract/ratings.js';
import { postJson } from './api.js';
import { faceIcon } from './faces.js';
import { clockTime, el, secondsLeft } from './format.js';
import { connectStatus, serverNow } from './live.js';

const box = document.getElementById('box-buttons');
const stateEl = document.getElementById('sim-state');
const errorEl = document.getElementById('sim-error');
const log = document.getElementById('press-log');
let status = null;

for (const level of RATING_LEVELS) {
  const cap = el('span', { class: `cap level-${level}` }, faceIcon(level));
  const button = el('button', { type: 'button', class: 'sim-button', 'data-level': level }, cap, RATING_LABELS_ZH[level]);
  // The physical box has no disabled state: a press outside a window is recorded as ignored.
  button.addEventListener('click', async () => {
    errorEl.textContent = '';
    try {
      await postJson('/api/sim/press', { level });
      log.prepend(el('li', {}, `${clockTime(new Date(serverNow()).toISOString())} 按下「${RATING_LABELS_ZH[level]}」`));
      while (log.children.length > 10) log.lastElementChild.remove();
    } catch (err) {
      errorEl.textContent = err.userMessage ?? '按鈕模擬失敗。';
    }
  });
  box.append(button);
}

function render() {
  if (!status) return;
  if (status.state === 'window-open' && status.window) {
    stateEl.textContent = `評分開放中（案件 ${status.window.caseId}），剩餘 ${secondsLeft(status.window.closesAt)} 秒`;
  } else if (status.state === 'signed-out') {
    stateEl.textContent = '櫃檯人員未登入：按下將記錄為無效按壓。';
  } else {
    stateEl.textContent = '目前未開放評分：按下將記錄為無效按壓。';
  }
}

connectStatus({
  onStatus(s) {
    status = s;
    render();
  },
  onConnection(up) {
    if (!up) stateEl.textContent = '與櫃檯主機的連線中斷，正在重新連線…';
  },
});
setInterval(render, 500);
