import { serverNow } from './live.js';

/** Whole seconds left until `closesAt` (ISO), never below zero. */
export function secondsLeft(closesAt) {
  const ms = Date.parse(closesAt) - serverNow();
  return Math.max(0, Math.ceil(ms / 1000));
}

/** Share of the window still left, 0..1, for a progress bar. */
export function fractionLeft(window) {
  const total = window.windowS * 1000;
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, (Date.parse(window.closesAt) - serverNow()) / total));
}

const DEVICE_NAMES = {
  buttons: '評分按鈕',
  voice: '語音提示',
  lamp: '警示燈',
  bell: '警鈴',
  camera: '攝影機',
  printer: '收據印表機',
  signature: '簽名板',
};

export function deviceName(name) {
  return DEVICE_NAMES[name] ?? name;
}

export function clockTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString('zh-TW', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Makes an element with text content; never innerHTML with data from the network. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}
