// Boot, navigation and hash routing (#/tickets/LKT-2026-000123). Each page
// is one module under js/pages/ exporting render(main, params, query); it
// may return a clean-up function (timers) that runs when the page changes.
import {h, clear} from './dom.js';
import {t, loadLang, savedLang, hasSavedLang, currentLang, applyStatic} from './i18n.js';
import {post, get, setUnauthorizedHandler, setCsrf} from './api.js';
import {session, loadSession, role, isAdmin} from './session.js';
import {errorBox} from './ui.js';
import {myStaffServices, forgetStaff} from './appt.js';
import {canPartners} from './partner_common.js';
import {mountBell} from './inapp_bell.js';
import {installShortcuts} from './shortcuts.js';

const routes = [
  [/^\/login$/, 'login', null],
  [/^\/signup$/, 'signup', null],
  [/^\/verify$/, 'verify', null],
  [/^\/catalog$/, 'catalog', 'any'],
  [/^\/services\/(\d+)$/, 'service', 'any'],
  [/^\/new$/, 'new_ticket', 'any'],
  [/^\/my$/, 'my_tickets', 'any'],
  [/^\/tickets\/([A-Za-z0-9-]+)$/, null, 'any'],
  [/^\/faq$/, 'faq', 'any'],
  [/^\/faq\/(\d+)$/, 'faq_entry', 'any'],
  [/^\/faq-propose$/, 'faq_propose', 'any'],
  [/^\/app-problem$/, 'app_problem', 'any'],
  [/^\/faq-proposals$/, 'faq_proposals', 'staff'],
  [/^\/identity$/, 'identity_queue', 'idcheck'],
  [/^\/queue\/([a-z]+)$/, 'queue', 'staff'],
  [/^\/record$/, 'record', 'staff'],
  [/^\/dashboard$/, 'dashboard', 'leader'],
  [/^\/admin\/master\/([a-z-]+)$/, 'admin_master', 'admin'],
  [/^\/admin\/templates$/, 'admin_templates', 'admin'],
  [/^\/admin\/settings$/, 'admin_settings', 'admin'],
  [/^\/admin\/policy$/, 'admin_policy', 'admin'],
  [/^\/admin\/outbox$/, 'admin_outbox', 'admin'],
  [/^\/admin\/audit$/, 'admin_audit', 'admin'],
  [/^\/admin\/webhooks$/, 'webhooks', 'admin'], // issue #22 item 3
  [/^\/admin\/automation$/, 'automation', 'admin'], // issue #22 item 1
  [/^\/admin\/macros$/, 'admin_macros', 'admin'], // issue #20 agent tools
  [/^\/tokens$/, 'tokens', 'any'],
  // appointments (issue #16): who serves a service is the schedule's staff list, checked by the pages
  [/^\/book(?:\/(\d+))?$/, 'appt_book', 'any'],
  [/^\/bookings$/, 'appt_mine', 'any'],
  [/^\/bookings\/(\d+)\/live$/, 'appt_live', 'any'],
  [/^\/display\/(\d+)$/, 'appt_display', 'any'],
  [/^\/console(?:\/(\d+))?$/, 'appt_console', 'any'],
  [/^\/admin\/schedule(?:\/(\d+))?$/, 'appt_schedule', 'admin'],
  [/^\/partners$/, 'partners', 'partners'],
  [/^\/partner-activities$/, 'activities', 'partners'],
  [/^\/partner-assignments$/, 'assignments', 'partners'],
  [/^\/partner-followup$/, 'partner_followup', 'partners'],
  [/^\/partner-letters$/, 'partner_letters', 'partners'],
  [/^\/partner-reports$/, 'partner_reports', 'partners'],
  [/^\/partner-letter-settings$/, 'partner_letter_settings', 'partners'],
  // issue #21: the user guide, open before signing in too
  [/^\/help$/, 'help', null],
  // issue #22 item 4: mail, WhatsApp or both
  [/^\/notifications$/, 'notify_prefs', 'any'],
  // issue #22 item 6: the survey (admins), and its answering page by the mailed token
  [/^\/admin\/surveys$/, 'surveys', 'admin'],
  [/^\/survey$/, 'survey_answer', null],
  // issue #22: scheduled reports for leaders and admins
  [/^\/report-subscriptions$/, 'subscriptions', 'leader'],
  // issue #20 item 7: an invited user sets their password by the mailed link
  [/^\/invite$/, 'invite', null],
];

// Pages for people who are not signed in.
const PUBLIC = new Set(['/login', '/signup', '/verify', '/help', '/survey', '/invite']);

const allowed = {
  any: () => true,
  staff: () => ['agent', 'admin', 'leader'].includes(role()),
  leader: () => ['leader', 'admin'].includes(role()),
  admin: () => isAdmin(),
  partners: () => canPartners(),
  // the identity check (issue #21): admins and the organisation's agents
  idcheck: () => isAdmin() || (role() === 'agent' && session.user.tier !== 3),
};

function homeFor() {
  switch (role()) {
    case 'requester': return '#/catalog';
    case 'leader': return '#/dashboard';
    case 'agent': return session.user.tier === 3 ? '#/queue/all' : '#/queue/new';
    case 'admin': return '#/queue/new';
    default: return '#/login';
  }
}

function navItems() {
  const r = role();
  const items = [];
  if (r === 'requester') {
    items.push(['#/catalog', 'nav.catalog'], ['#/new', 'nav.new_ticket'], ['#/my', 'nav.my_tickets'],
      ['#/book', 'appt.nav.book'], ['#/bookings', 'appt.nav.mine'], ['#/faq', 'nav.faq']);
  } else if (r === 'agent' || r === 'admin') {
    items.push(['#/queue/new', 'nav.queues'], ['#/record', 'nav.record'], ['#/book', 'appt.nav.book_for'], ['#/faq', 'nav.faq'], ['#/catalog', 'nav.catalog']);
  }
  if (session.features.console) items.push(['#/console', 'appt.nav.console']);
  // leaders read everything and, like every employee, file and follow their own tickets
  if (r === 'leader') items.push(['#/dashboard', 'nav.dashboard'], ['#/queue/all', 'nav.tickets'], ['#/new', 'nav.new_ticket'], ['#/my', 'nav.my_tickets'], ['#/faq', 'nav.faq']);
  if (r === 'admin') {
    items.push(['#/dashboard', 'nav.dashboard'], ['#/admin/master/services', 'nav.admin']);
  }
  if (r === 'admin' || (r === 'agent' && session.user.tier !== 3)) items.push(['#/identity', 'idv.nav']);
  if (canPartners()) items.push(['#/partners', 'nav.partners']);
  if (r) items.push(['#/tokens', 'nav.tokens']);
  if (r) items.push(['#/notifications', 'wan.nav']);
  return items;
}

function renderNav() {
  const list = document.getElementById('nav-list');
  clear(list);
  const here = location.hash.split('?')[0];
  for (const [href, key] of navItems()) {
    const current = here === href || here.startsWith(href + '/') || (href.startsWith('#/queue') && here.startsWith('#/queue')) ||
      (href.startsWith('#/admin') && here.startsWith('#/admin')) ||
      (href === '#/partners' && here.startsWith('#/partner'));
    list.append(h('li', {}, h('a', {href, 'aria-current': current ? 'page' : null}, t(key))));
  }
  const who = document.getElementById('whoami');
  who.textContent = session.user ? session.user.name : '';
  document.getElementById('logout').hidden = !session.user;
  // "Laporkan masalah aplikasi" on every page, carrying the page it was on
  const report = document.getElementById('report-problem');
  report.hidden = !session.user;
  if (!here.startsWith('#/app-problem')) {
    report.href = '#/app-problem?page=' + encodeURIComponent(location.href);
  }
  mountBell(); // issue #20: the in-app notifications' bell
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  return {path, query: new URLSearchParams(query || '')};
}

let cleanup = null;
let renderSeq = 0;

async function route() {
  const {path, query} = parseHash();
  const main = document.getElementById('main');
  if (cleanup) { try { cleanup(); } catch (e) { /* ignore */ } cleanup = null; }
  document.querySelectorAll('dialog').forEach((d) => d.remove());
  clear(document.getElementById('flash'));
  if (!session.user && !PUBLIC.has(path)) {
    location.replace('#/login?next=' + encodeURIComponent(location.hash || '#/'));
    return;
  }
  if (path === '/' || path === '') { location.replace(homeFor()); return; }
  let match = null;
  for (const [re, mod, guard] of routes) {
    const m = path.match(re);
    if (m) { match = {mod, guard, params: m.slice(1)}; break; }
  }
  renderNav();
  const seq = ++renderSeq;
  clear(main);
  if (!match) { main.append(h('h1', {}, t('error.not_found'))); return; }
  // the partner administration does not exist for those outside it (as the API's 404)
  if (match.guard && !allowed[match.guard]()) {
    main.append(h('h1', {}, t(match.guard === 'partners' ? 'error.not_found' : 'error.forbidden')));
    return;
  }
  let mod = match.mod;
  if (!mod) mod = role() === 'requester' ? 'ticket' : 'workspace';
  // Each render gets its own container, attached only while it is still
  // the current route, so a slow page never lands on top of a newer one.
  const view = h('div', {class: 'view'});
  main.append(view);
  try {
    const page = await import(`./pages/${mod}.js`);
    if (seq !== renderSeq) return;
    const c = await page.render(view, match.params, query);
    if (seq !== renderSeq) { if (typeof c === 'function') c(); view.remove(); return; }
    cleanup = typeof c === 'function' ? c : null;
  } catch (e) {
    if (seq === renderSeq) { clear(view); view.append(errorBox(e)); }
    console.error(e);
  }
  if (seq !== renderSeq) { view.remove(); return; }
  const heading = main.querySelector('h1');
  if (heading && document.activeElement === document.body) heading.focus({preventScroll: true});
  document.title = (heading ? heading.textContent + ' · ' : '') + t('app.name');
}

// Called after a successful login (from pages/login.js).
export async function loggedIn(user, csrf, next) {
  setCsrf(csrf);
  session.user = user;
  await detectFeatures();
  const wanted = user.locale && !hasSavedLang() ? user.locale : currentLang();
  if (wanted !== currentLang()) await loadLang(wanted);
  const target = next && !next.startsWith('#/login') ? next : homeFor();
  if (location.hash === target) route(); else location.hash = target;
}

// Pages that depend on endpoints other branches add: show their menu
// entries only when the server answers.
async function detectFeatures() {
  try { session.features.console = (await myStaffServices(session.user, isAdmin())).length > 0; }
  catch (e) { session.features.console = false; }
  if (!isAdmin()) return;
  for (const f of ['settings']) {
    try { await get('/' + f + '?per_page=1', {noRedirect: true}); session.features[f] = true; }
    catch (e) { session.features[f] = e.status !== 404 && e.status !== 405; }
  }
}

async function boot() {
  await loadLang(savedLang());
  setUnauthorizedHandler(() => {
    if (PUBLIC.has(parseHash().path)) return;
    session.user = null;
    location.hash = '#/login?next=' + encodeURIComponent(location.hash || '#/');
  });
  await loadSession();
  if (session.user) await detectFeatures();
  document.getElementById('lang-switch').addEventListener('click', async () => {
    await loadLang(currentLang() === 'id' ? 'en' : 'id');
    route();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await post('/auth/logout'); } catch (e) { /* already gone */ }
    session.user = null;
    setCsrf(null);
    forgetStaff();
    location.hash = '#/login';
  });
  const toggle = document.getElementById('menu-toggle');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    document.getElementById('nav').classList.toggle('open', open);
  });
  window.addEventListener('hashchange', () => {
    toggle.setAttribute('aria-expanded', 'false');
    document.getElementById('nav').classList.remove('open');
    route();
  });
  applyStatic(document);
  installShortcuts(); // issue #20: j/k, r, n, m, g q, /, and ? for the list
  route();
}

boot();
