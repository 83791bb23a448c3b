// Keyboard shortcuts (issue #20, agent tools), listed in a dialog that "?"
// opens. They never fire while typing in a field, with Ctrl/Alt/Meta held,
// or while a dialog is open. In a list: j/k move down/up the rows (the
// row's ticket link gets the focus, so Enter opens it); on a ticket: r
// reply, n internal note, m macro; anywhere: "g" then "q" goes to the
// queue, "/" to the page's search box. installShortcuts() is called once
// from app.js.
import {h} from './dom.js';
import {t} from './i18n.js';
import {role, session} from './session.js';

// who works tickets (reply, note, macro) and who reads the queues (leaders too)
const works = () => ['agent', 'admin'].includes(role());
const queues = () => works() || role() === 'leader';
// the queue each one starts on (app.js homeFor)
const queueHash = () => (role() === 'leader' || (session.user && session.user.tier === 3) ? '#/queue/all' : '#/queue/new');

// [keys, message key, who has it]
const ALL = () => true;
const LIST = [
  [['?'], 'kbd.help', ALL],
  [['j'], 'kbd.next', queues],
  [['k'], 'kbd.prev', queues],
  [['Enter'], 'kbd.open', queues],
  [['r'], 'kbd.reply', works],
  [['n'], 'kbd.note', works],
  [['m'], 'kbd.macro', works],
  [['g', 'q'], 'kbd.queue', queues],
  [['/'], 'kbd.search', ALL],
];

function typing(el) {
  if (!el || el === document.body) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

function showHelp() {
  if (document.getElementById('kbd-help')) return;
  const close = h('button', {type: 'button', class: 'btn primary'}, t('kbd.close'));
  const rows = LIST.filter(([, , who]) => who()).map(([keys, key]) =>
    h('tr', {}, h('th', {scope: 'row'}, ...keys.flatMap((k, i) => [i ? ' ' + t('kbd.then') + ' ' : null, h('kbd', {}, k)]).filter(Boolean)),
      h('td', {}, t(key))));
  const dlg = h('dialog', {class: 'dialog', id: 'kbd-help', 'aria-labelledby': 'kbd-help-h'},
    h('h2', {id: 'kbd-help-h'}, t('kbd.title')),
    h('p', {class: 'hint'}, t('kbd.intro')),
    h('table', {class: 'table kbd-table'}, h('caption', {class: 'sr'}, t('kbd.title')),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('kbd.key')), h('th', {scope: 'col'}, t('kbd.does')))),
      h('tbody', {}, ...rows)),
    h('div', {class: 'actions'}, close));
  const done = () => { dlg.close(); dlg.remove(); };
  close.addEventListener('click', done);
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
  document.body.append(dlg);
  dlg.showModal();
  close.focus();
}

// The rows of the list on the page that lead somewhere (a ticket link).
function rows() {
  return [...document.querySelectorAll('main table tbody tr')].filter((tr) => tr.querySelector('a[href]'));
}

function moveRow(step) {
  const all = rows();
  if (!all.length) return false;
  let i = all.findIndex((tr) => tr.classList.contains('kbd-current'));
  if (i < 0) i = all.findIndex((tr) => tr.contains(document.activeElement));
  const next = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
  all.forEach((tr) => tr.classList.remove('kbd-current'));
  all[next].classList.add('kbd-current');
  all[next].querySelector('a[href]').focus();
  return true;
}

function focusReply(note) {
  const box = document.querySelector('#reply-form textarea[name=body]');
  if (!box) return false;
  const internal = document.getElementById('reply-internal');
  if (internal && internal.checked !== note) {
    internal.checked = note;
    internal.dispatchEvent(new Event('change', {bubbles: true}));
  }
  box.focus();
  return true;
}

function focusFirst(selector) {
  const el = document.querySelector(selector);
  if (!el) return false;
  el.focus();
  return true;
}

export function installShortcuts() {
  let pendingG = 0;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target) ||
        document.querySelector('dialog[open]')) return;
    const k = e.key;
    const afterG = pendingG && Date.now() - pendingG < 1500;
    pendingG = 0;
    let done = false;
    if (k === '?') { showHelp(); done = true; }
    else if (k === '/') done = focusFirst('main input[type=search]');
    else if (!queues()) return;
    else if (afterG && k === 'q') { location.hash = queueHash(); done = true; }
    else if (k === 'g') { pendingG = Date.now(); done = true; }
    else if (k === 'j') done = moveRow(1);
    else if (k === 'k') done = moveRow(-1);
    else if (k === 'Enter') {
      const cur = document.querySelector('main tr.kbd-current a[href]');
      if (cur && document.activeElement === document.body) { cur.click(); done = true; }
    }
    else if (!works()) return;
    else if (k === 'r') done = focusReply(false);
    else if (k === 'n') done = focusReply(true);
    else if (k === 'm') done = focusFirst('#macro-pick');
    if (done) e.preventDefault();
  });
}
