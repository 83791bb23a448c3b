// Canned responses while typing (issue #20, agent tools): in the reply box,
// "/" (at the start or after a space) or "::" followed by words lists the
// canned responses (master data, /canned-responses) whose title or text
// holds every word; ArrowDown/ArrowUp move, Enter or Tab inserts the
// chosen one (its variables filled in) in place of what was typed, Escape
// closes. The list is a role=listbox the textarea points at with
// aria-controls and aria-activedescendant (a textarea keeps its textbox
// role: ARIA allows no combobox role on it), and a polite status line
// says how many match.
import {h, clear, nextId} from './dom.js';
import {t} from './i18n.js';
import {ref} from './refdata.js';

const MAX_SHOWN = 8;
const fold = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// The trigger before the caret: {start, query} or null. "/" counts at the
// start of the text or of a line, or after a space (so "http://" and
// "ya/tidak" do not open the list); "::" anywhere. The query is at most 40
// characters on one line.
export function findTrigger(text, caret) {
  const before = text.slice(0, caret);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const m = /(?:^|\s)(\/|::)([^\n/:]{0,40})$/.exec(line) || /(::)([^\n:]{0,40})$/.exec(line);
  if (!m) return null;
  const query = m[2];
  if (/^\s/.test(query)) return null; // "/ " is punctuation, not a search
  return {start: caret - query.length - m[1].length, query};
}

// Matches of query among the canned responses (every word, accents ignored).
export function matchCanned(list, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return list.filter((c) => {
    const s = fold(c.title + ' ' + c.body);
    return words.every((w) => s.includes(w));
  });
}

// Attaches the list to textarea; fill(text) fills a response's variables.
export function cannedTypeahead(textarea, fill) {
  if (textarea.dataset.canned) return;
  textarea.dataset.canned = '1';
  const lid = nextId('canned');
  const list = h('ul', {id: lid, role: 'listbox', class: 'picker-list', 'aria-label': t('canned.list')});
  const status = h('p', {class: 'picker-status', 'aria-live': 'polite'});
  const pop = h('div', {class: 'picker-pop canned-pop', hidden: true}, list, status);
  const wrap = h('div', {class: 'canned-wrap'});
  textarea.replaceWith(wrap);
  wrap.append(textarea, pop);
  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', lid);
  const hint = h('p', {class: 'hint', id: lid + '-hint'}, t('canned.hint'));
  wrap.after(hint);
  const described = textarea.getAttribute('aria-describedby');
  textarea.setAttribute('aria-describedby', [described, hint.id].filter(Boolean).join(' '));

  let canned = null;
  let shown = [];
  let active = -1;
  let trigger = null;
  let dismissed = -1; // the trigger Escape closed: it does not reopen while typing on

  function close() {
    pop.hidden = true;
    textarea.removeAttribute('aria-activedescendant');
    shown = [];
    active = -1;
    trigger = null;
    status.textContent = '';
  }

  function move(i) {
    if (active >= 0 && list.children[active]) list.children[active].classList.remove('active');
    active = i;
    const li = list.children[i];
    if (!li) { textarea.removeAttribute('aria-activedescendant'); return; }
    li.classList.add('active');
    li.scrollIntoView({block: 'nearest'});
    textarea.setAttribute('aria-activedescendant', li.id);
  }

  function insert(c) {
    const text = fill(c.body);
    const v = textarea.value;
    const end = trigger.start;
    const caret = textarea.selectionStart;
    textarea.value = v.slice(0, end) + text + v.slice(caret);
    const at = end + text.length;
    textarea.setSelectionRange(at, at);
    close();
    textarea.dispatchEvent(new Event('input', {bubbles: true}));
    textarea.focus();
  }

  async function update() {
    const found = findTrigger(textarea.value, textarea.selectionStart);
    if (!found || found.start === dismissed || textarea.selectionStart !== textarea.selectionEnd) { close(); return; }
    if (!canned) {
      try { canned = (await ref('canned-responses')).filter((c) => c.active !== false); } catch (e) { canned = []; }
    }
    trigger = found;
    const all = matchCanned(canned, found.query);
    shown = all.slice(0, MAX_SHOWN);
    clear(list);
    shown.forEach((c, i) => {
      const li = h('li', {id: `${lid}-o${i}`, role: 'option', class: 'picker-option', 'aria-selected': 'false'},
        h('strong', {}, c.title), h('span', {class: 'picker-hint canned-preview'}, c.body.slice(0, 90)));
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the caret in the textarea
      li.addEventListener('click', () => insert(c));
      list.append(li);
    });
    status.textContent = all.length ? t('canned.found', {n: all.length}) : t('canned.none');
    pop.hidden = false;
    move(shown.length ? 0 : -1);
  }

  textarea.addEventListener('input', update);
  textarea.addEventListener('click', () => { if (!pop.hidden) update(); });
  textarea.addEventListener('blur', () => setTimeout(close, 150));
  textarea.addEventListener('keydown', (e) => {
    if (pop.hidden) return;
    if (e.key === 'ArrowDown' && shown.length) { e.preventDefault(); move((active + 1) % shown.length); }
    else if (e.key === 'ArrowUp' && shown.length) { e.preventDefault(); move((active - 1 + shown.length) % shown.length); }
    else if ((e.key === 'Enter' || e.key === 'Tab') && active >= 0 && !e.shiftKey) { e.preventDefault(); insert(shown[active]); }
    // Escape closes the list only: the dialog or page around it stays
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); dismissed = trigger ? trigger.start : -1; close(); }
  });
}
