// DOM and API helpers shared by every central page.
import { PAGE_ROLES, PAGE_TITLES, ROLE_LABELS, pagesFor } from './format.js';

export const $ = (sel, root = document) => root.querySelector(sel);

/** Creates an element; children are nodes or text (never parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.userMessage || body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.userMessage = body?.userMessage || (status === 0 ? '無法連線到伺服器，請稍後再試。' : `系統發生錯誤（${status}），請通知資訊室。`);
  }
}

/** JSON fetch against central's API; throws ApiError carrying the server's zh-TW userMessage. */
export async function api(path, { method = 'GET', body } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** The signed-in user, or null. */
export async function currentUser() {
  try {
    const data = await api('/api/me');
    return data?.user ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function showError(target, err) {
  target.textContent = err instanceof ApiError ? err.userMessage : String(err?.message ?? err);
  target.hidden = false;
}

/** Header with the user's name, role, the pages the role may open and 登出. */
export function renderHeader(user, activePath) {
  const header = $('#top');
  header.replaceChildren(
    el('a', { class: 'brand', href: '/' }, '戶政櫃檯服務管理'),
    el(
      'nav',
      { 'aria-label': '主要功能' },
      pagesFor(user.role).map((p) =>
        el('a', { href: p, class: p === activePath ? 'active' : undefined, 'aria-current': p === activePath ? 'page' : undefined }, PAGE_TITLES[p]),
      ),
    ),
    el(
      'div',
      { class: 'who' },
      el('span', { class: 'who-name' }, user.displayName || user.username),
      el('span', { class: 'who-role' }, ROLE_LABELS[user.role] ?? user.role, user.office ? `・${user.office}` : ''),
      el('button', { type: 'button', class: 'secondary', id: 'logout', onclick: signOut }, '登出'),
    ),
  );
}

export async function signOut() {
  try {
    await api('/api/logout', { method: 'POST' });
  } catch {
    // Signing out must always leave the page, even when the session is already gone.
  }
  location.assign('/');
}

/**
 * Runs a protected page: signed-out users go to sign-in (and come back), users whose role may
 * not open the page see a notice instead of a broken screen.
 */
export async function bootPage(path, start) {
  let user;
  try {
    user = await currentUser();
  } catch (err) {
    showError($('#page-error'), err);
    return;
  }
  if (!user) {
    location.assign(`/?next=${encodeURIComponent(path)}`);
    return;
  }
  renderHeader(user, path);
  if (!PAGE_ROLES[path].includes(user.role)) {
    $('main').replaceChildren(
      el('p', { class: 'notice', role: 'alert' }, `您的帳號（${ROLE_LABELS[user.role] ?? user.role}）沒有檢視「${PAGE_TITLES[path]}」的權限。`),
      el('a', { href: '/' }, '回首頁'),
    );
    return;
  }
  await start(user);
}

/** Fills an office <select> from /api/offices; returns the offices. */
export async function loadOffices(select, { allowAll = false } = {}) {
  const data = await api('/api/offices');
  const offices = data?.offices ?? [];
  select.replaceChildren(
    ...(allowAll ? [el('option', { value: '' }, '全部辦公室')] : []),
    ...offices.map((o) => el('option', { value: o.id }, o.name ? `${o.name}（${o.id}）` : o.id)),
  );
  return offices;
}
