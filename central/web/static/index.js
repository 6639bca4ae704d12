// Sign-in and the home page that lists what the signed-in role may open.
import { $, api, el, currentUser, renderHeader, showError } from './common.js';
import { PAGE_TITLES, ROLE_LABELS, pagesFor, safeNext } from './format.js';

const DESCRIPTIONS = {
  '/console': '不滿意評分的即時警示：確認、前往櫃檯、結案。',
  '/stats': '依辦公室、櫃檯、承辦人與期間的滿意度統計與圖表。',
  '/it': '櫃檯閘道器狀態、設定新櫃檯、帳號管理。',
  '/audit': '誰在何時做了什麼：登入、帳號、警示處理等紀錄。',
};

function showHome(user) {
  renderHeader(user, '/');
  $('#signin').hidden = true;
  $('#welcome').textContent = `${user.displayName || user.username}，您好（${ROLE_LABELS[user.role] ?? user.role}）`;
  const pages = pagesFor(user.role);
  $('#home-links').replaceChildren(
    ...pages.map((p) =>
      el(
        'li',
        {},
        el('a', { href: p, class: 'tile' }, el('strong', {}, user.role === 'clerk' && p === '/stats' ? '我的服務統計' : PAGE_TITLES[p]), el('span', {}, DESCRIPTIONS[p])),
      ),
    ),
  );
  $('#home').hidden = false;
}

async function start() {
  let user;
  try {
    user = await currentUser();
  } catch (err) {
    showError($('#page-error'), err);
    return;
  }
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  if (user) {
    if (next !== '/' && pagesFor(user.role).includes(next)) location.replace(next);
    else showHome(user);
    return;
  }
  $('#signin').hidden = false;
  $('#username').focus();
  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errorBox = $('#login-error');
    errorBox.hidden = true;
    const button = $('#login-submit');
    button.disabled = true;
    try {
      const data = await api('/api/login', {
        method: 'POST',
        body: { username: $('#username').value.trim(), password: $('#password').value },
      });
      $('#password').value = '';
      if (next !== '/' && pagesFor(data.user.role).includes(next)) location.assign(next);
      else showHome(data.user);
    } catch (err) {
      showError(errorBox, err);
      $('#password').select();
    } finally {
      button.disabled = false;
    }
  });
}

start();
