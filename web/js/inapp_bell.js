// In-app notifications (issue #20, agent tools): the bell in the header
// with the unread count, a list of the newest (assigned to you, a new reply
// or note on your ticket, its status changed), mark one or all read.
// Polls the count; the live module (js/live.js) may call refreshBell()
// whenever its event stream says something changed, so the bell updates
// at once instead of at the next poll.
import {h, clear} from './dom.js';
import {t, fmtDate} from './i18n.js';
import {get, post} from './api.js';
import {session} from './session.js';

const POLL_MS = Number(window.LOKET_BELL_POLL_MS || 30000);
let btn = null;
let badge = null;
let panel = null;
let timer = null;
let unread = 0;

// the name carries the figure the badge shows ("99+" too): axe's
// label-content-name-mismatch wants the visible text inside the name
const shown = (n) => (n > 99 ? '99+' : String(n));

function label() {
  return unread ? t('tools.bell_unread', {n: shown(unread)}) : t('tools.bell');
}

function showCount(n) {
  unread = n;
  if (!btn) return;
  badge.textContent = shown(n);
  badge.hidden = n === 0;
  btn.setAttribute('aria-label', label());
  btn.title = label();
}

// The one entry point for other modules: re-read the unread count (and the
// open list). Safe to call at any time, signed in or not.
export async function refreshBell() {
  if (!btn || !session.user) return;
  try {
    const r = await get('/me/alerts/count');
    showCount(r.unread);
    if (panel && !panel.hidden) await fillList();
  } catch (e) { /* offline or signed out: the next poll tries again */ }
}

function describe(a) {
  const who = a.actor_name || t('event.system');
  switch (a.kind) {
    case 'assigned': return t('tools.bell_assigned', {who});
    case 'reply': return t('tools.bell_reply', {who});
    case 'note': return t('tools.bell_note', {who});
    case 'status': return t('tools.bell_status', {who, status: t('status.' + a.detail)});
    default: return a.kind;
  }
}

async function fillList() {
  const r = await get('/me/alerts?limit=20');
  showCount(r.unread);
  const list = panel.querySelector('ul');
  clear(list);
  for (const a of r.items) {
    const link = h('a', {href: '#/tickets/' + a.ticket.number, class: 'bell-link', onclick: () => {
      close();
      if (!a.read) post(`/me/alerts/${a.id}/read`, {}).then((x) => showCount(x.unread)).catch(() => {});
    }},
    h('span', {class: 'bell-what'}, describe(a)),
    h('span', {class: 'bell-ticket'}, h('span', {class: 'mono'}, a.ticket.number), ' ', a.ticket.title),
    h('time', {class: 'muted small', datetime: a.created_at}, fmtDate(a.created_at)));
    list.append(h('li', {class: a.read ? 'bell-item' : 'bell-item unread'},
      a.read ? null : h('span', {class: 'sr'}, t('tools.bell_new') + ': '), link));
  }
  if (!r.items.length) list.append(h('li', {class: 'muted bell-empty'}, t('tools.bell_empty')));
  panel.querySelector('.bell-all').disabled = r.unread === 0;
}

function close(focusBack) {
  if (!panel || panel.hidden) return;
  panel.hidden = true;
  btn.setAttribute('aria-expanded', 'false');
  if (focusBack) btn.focus();
}

async function open() {
  panel.hidden = false;
  btn.setAttribute('aria-expanded', 'true');
  try { await fillList(); } catch (e) { clear(panel.querySelector('ul')).append(h('li', {class: 'form-error'}, e.message)); }
  panel.querySelector('h2').focus();
}

// drawn, not an emoji: a phone without an emoji font shows it too
function bellIcon() {
  return h('svg:svg', {class: 'bell-icon', viewBox: '0 0 24 24', width: 20, height: 20, 'aria-hidden': 'true', focusable: 'false'},
    h('svg:path', {d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z', fill: 'currentColor'}));
}

function build() {
  badge = h('span', {class: 'bell-count', 'aria-hidden': 'true', hidden: true}, '0');
  btn = h('button', {type: 'button', class: 'btn bell', id: 'bell', 'aria-expanded': 'false', 'aria-controls': 'bell-panel',
    onclick: () => (panel.hidden ? open() : close())},
  bellIcon(), badge);
  const all = h('button', {type: 'button', class: 'btn small bell-all', onclick: async () => {
    try { const r = await post('/me/alerts/read-all', {}); showCount(r.unread); await fillList(); } catch (e) { /* next poll */ }
  }}, t('tools.bell_read_all'));
  panel = h('section', {class: 'bell-panel', id: 'bell-panel', 'aria-labelledby': 'bell-h', hidden: true},
    h('div', {class: 'bell-head'}, h('h2', {id: 'bell-h', tabindex: '-1'}, t('tools.bell_title')), all),
    h('ul', {class: 'bell-list'}));
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(true); } });
  btn.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(true); });
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !panel.contains(e.target) && !btn.contains(e.target)) close();
  });
  const wrap = h('div', {class: 'bell-wrap'}, btn, panel);
  const tools = document.querySelector('.top-tools');
  tools.insertBefore(wrap, document.getElementById('whoami'));
}

// Called on every route change (app.js): shows the bell to a signed-in user,
// labels it in the current language, and keeps one poll running.
export function mountBell() {
  if (!session.user) {
    if (btn) btn.parentElement.hidden = true;
    clearInterval(timer);
    timer = null;
    return;
  }
  if (!btn) build();
  btn.parentElement.hidden = false;
  panel.querySelector('h2').textContent = t('tools.bell_title');
  panel.querySelector('.bell-all').textContent = t('tools.bell_read_all');
  close();
  showCount(unread);
  refreshBell();
  if (!timer) timer = setInterval(refreshBell, POLL_MS);
}
