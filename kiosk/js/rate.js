import { RATING_LABELS_ZH, RATING_LEVELS } from '/contract/ratings.js';
import { postJson } from './api.js';
import { faceIcon } from './faces.js';
import { fractionLeft, secondsLeft } from './format.js';
import { connectStatus, serverNow } from './live.js';

/** How long the thank-you stays up after a counted press before the screen rests again. */
const THANKS_MS = 6000;

const body = document.body;
const buttonsBox = document.getElementById('buttons');
const secondsEl = document.getElementById('seconds');
const progressEl = document.getElementById('progress');
const noticeEl = document.getElementById('notice');
const counterLabel = document.getElementById('counter-label');
const announceEl = document.getElementById('announce');
const ANNOUNCE = { idle: '', open: '請為本次服務評分', thanks: '謝謝您的寶貴意見' };

let status = null;
let connected = false;
/** This screen's own counted press, shown before the status feed confirms it. */
let localThanks = { until: 0, caseId: null };
let pressing = false;

const buttons = RATING_LEVELS.map((level) => {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `rate-button level-${level}`;
  button.dataset.level = level;
  button.disabled = true;
  const label = document.createElement('span');
  label.className = 'rate-label';
  label.textContent = RATING_LABELS_ZH[level];
  button.append(faceIcon(level), label);
  button.addEventListener('click', () => press(level));
  buttonsBox.append(button);
  return button;
});

function currentView() {
  const now = serverNow();
  const newCase = status?.window && status.window.caseId !== localThanks.caseId;
  if (Date.now() < localThanks.until && !newCase) return 'thanks';
  const last = status?.lastRating;
  if (last && now - Date.parse(last.at) < THANKS_MS && (!status.window || status.window.caseId === last.caseId)) {
    return 'thanks';
  }
  if (connected && status?.state === 'window-open' && status.window && Date.parse(status.window.closesAt) > now) {
    return 'open';
  }
  return 'idle';
}

function render() {
  const view = currentView();
  if (body.dataset.view !== view) {
    body.dataset.view = view;
    // Screen readers hear each change of view once, never the countdown's every tick.
    announceEl.textContent = ANNOUNCE[view];
  }
  const enabled = view === 'open' && !pressing;
  for (const b of buttons) b.disabled = !enabled;
  if (view === 'open') {
    secondsEl.textContent = String(secondsLeft(status.window.closesAt));
    progressEl.style.width = `${(fractionLeft(status.window) * 100).toFixed(1)}%`;
  }
  if (view !== 'idle') noticeEl.textContent = '';
  counterLabel.textContent = status ? `櫃檯 ${status.counter}` : '';
}

async function press(level) {
  if (pressing) return;
  pressing = true;
  const caseId = status?.window?.caseId ?? null;
  render();
  try {
    const result = await postJson('/api/rate', { level });
    if (result.counted || result.reason === 'already-rated') {
      localThanks = { until: Date.now() + THANKS_MS, caseId };
    } else {
      noticeEl.textContent = '目前沒有可評分的案件。';
    }
  } catch (err) {
    noticeEl.textContent = err.userMessage ?? '系統忙碌中，請稍後再試。';
  } finally {
    pressing = false;
    render();
  }
}

connectStatus({
  onStatus(s) {
    status = s;
    render();
  },
  onConnection(up) {
    connected = up;
    render();
  },
});
setInterval(render, 250);
render();
