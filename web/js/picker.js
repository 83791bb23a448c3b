// The one searchable picker of the web app (issue #21 item 1, seed 003:
// a choice list without a search box makes people think there is no search).
//
// RULE — which control picks a value:
//  * Anything that picks a REFERENCE (a user, requester, unit, vendor, tag,
//    canned response, service, category, calendar, partner, activity, any
//    master-data row, any list an admin defines) is a picker from this file.
//  * A plain <select> may stay only for a handful of FIXED ENUM values that
//    the code itself defines (status, channel, sort order, language…;
//    priorities are master data, so a picker). Mark it `data-enum` (dom.js `select()` takes attrs) and keep
//    it at 12 options or fewer. In ui.js dialog() fields and listView()
//    filters the same: type 'select' / options give a picker, `enum: true`
//    gives the marked <select>. tests/browser/pickers.mjs walks every page and
//    dialog of every demo role and fails on any other <select>, and on any
//    combobox that has no search box.
//
// Use:
//   picker({name, options: [{value, label}], value, empty, onChange})
//     client-side filter over a short list that is already loaded;
//   picker({name, find: async (q) => [{value, label, item}], …})
//     server-side search for big lists (users, requesters): the list may
//     carry .total when the server has more matches than it sent;
//   pickerSelect(attrs, options, current, empty)
//     a drop-in for dom.js select(): returns the element, which has .value
//     (get/set) and fires a bubbling 'change' like a <select> does.
// picker() returns {el, input, value(), item(), setValue(v, label), set(list), reload()};
// onChange gets the chosen {value, label, item} or null.
// With opts.label (an i18n key) el is a whole field (label, control, error
// slot); without it el is the bare control for ui.js field() to wrap.
//
// The widget is the WAI-ARIA combobox pattern: an <input role=combobox>
// (type to filter) that owns a role=listbox popup; ArrowDown/ArrowUp move,
// Home/End jump, Enter chooses, Escape closes (and does not close the
// dialog around it), Tab leaves. The value is kept in a hidden input named
// `name`, so FormData, form.elements and ui.js showErrors see it.
import {h, clear, nextId} from './dom.js';
import {t} from './i18n.js';
import {matches} from './search_fold.js';

const MAX_SHOWN = 200;

// fold: case and diacritics only, for a typed name equal to a choice's label
const fold = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function picker(opts) {
  const id = opts.id || nextId('pick');
  const lid = id + '-list';
  const input = h('input', {type: 'text', id, class: 'picker-input', role: 'combobox', autocomplete: 'off',
    spellcheck: 'false', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': lid,
    placeholder: opts.placeholder || t('picker.placeholder')});
  const hidden = h('input', {type: 'hidden', name: opts.name || ''});
  const list = h('ul', {id: lid, role: 'listbox', class: 'picker-list', 'aria-label': t('picker.choices')});
  const status = h('p', {class: 'picker-status', 'aria-live': 'polite'});
  const pop = h('div', {class: 'picker-pop', hidden: true}, list, status);
  const box = h('div', {class: 'picker-box'}, input, pop);
  hidden.pickerControl = input;
  let all = (opts.options || []).map(norm);
  let shown = [];
  let active = -1;
  let chosen = null;       // {value, label, item} or null
  let loaded = !opts.find; // a server-side picker loads on first open
  let seq = 0;
  let total;
  let typed = false; // the text is a query (typed since opening), not the chosen name
  let timer;

  function norm(o) { return {value: String(o.value), label: String(o.label), item: o.item, hint: o.hint, search: o.search}; }

  const empty = opts.empty !== undefined ? {value: '', label: opts.empty, item: null} : null;

  function render(matches, more) {
    shown = matches.slice(0, MAX_SHOWN);
    if (empty && !query()) shown.unshift(empty);
    clear(list);
    shown.forEach((o, i) => {
      const li = h('li', {id: `${id}-o${i}`, role: 'option', class: 'picker-option', 'data-value': o.value,
        'aria-selected': chosen && chosen.value === o.value ? 'true' : 'false'}, o.label);
      if (o.hint) li.append(h('span', {class: 'picker-hint'}, ' · ' + o.hint));
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the input
      li.addEventListener('click', () => { choose(o); close(); });
      list.append(li);
    });
    const n = matches.length;
    const of = Math.max(more || 0, n);
    const listed = Math.min(n, MAX_SHOWN);
    status.textContent = !n ? t('picker.none') : of > listed ? t('picker.more', {n: listed, total: of}) : t('picker.found', {n});
    const at = shown.findIndex((o) => chosen && o.value === chosen.value);
    move(query() ? (shown.length ? 0 : -1) : at);
  }

  function query() { return typed ? input.value.trim() : ''; }

  function filterLocal() {
    // the catalogue's rule (search_fold.js); o.search: more words to match (a service's description)
    render(all.filter((o) => matches(query(), o.label, o.hint, o.search)));
  }

  // reload: a fresh unfiltered load, where a single match is chosen at once
  async function search(reload) {
    const my = ++seq;
    status.textContent = t('common.loading');
    try {
      const found = await opts.find(query());
      if (my !== seq) return;
      all = found.map(norm);
      total = found.total;
      loaded = true;
      if (reload === true && all.length === 1 && (!chosen || chosen.value !== all[0].value)) choose(all[0]);
      else if (reload === true && chosen && !all.some((o) => o.value === chosen.value)) choose(null);
      if (!pop.hidden) render(all, total);
    } catch (e) {
      if (my === seq) status.textContent = e.message || t('error.generic');
    }
  }

  function open() {
    if (!pop.hidden) return;
    typed = false;
    pop.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    box.classList.add('open');
    if (opts.find && !loaded) { render([]); search(); } else if (opts.find) render(all, total); else filterLocal();
  }

  function close() {
    pop.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    box.classList.remove('open');
    status.textContent = '';
    typed = false;
    input.value = chosen && chosen.value !== '' ? chosen.label : '';
  }

  function move(i) {
    const opts2 = list.children;
    if (active >= 0 && opts2[active]) opts2[active].classList.remove('active');
    active = i;
    if (i < 0 || !opts2[i]) { input.removeAttribute('aria-activedescendant'); active = -1; return; }
    opts2[i].classList.add('active');
    input.setAttribute('aria-activedescendant', opts2[i].id);
    opts2[i].scrollIntoView({block: 'nearest'});
  }

  function choose(o, quiet) {
    const before = hidden.value;
    chosen = o && o.value !== '' ? o : null;
    hidden.value = chosen ? chosen.value : '';
    input.value = chosen ? chosen.label : '';
    input.removeAttribute('aria-invalid');
    if (!quiet && hidden.value !== before) {
      if (opts.onChange) opts.onChange(chosen);
      hidden.dispatchEvent(new Event('change', {bubbles: true}));
    }
  }

  input.addEventListener('input', () => {
    if (pop.hidden) open();
    typed = true;
    if (opts.find) { clearTimeout(timer); timer = setTimeout(() => search(), 200); } else filterLocal();
  });
  // a click opens the whole list, the chosen name selected so typing replaces it
  input.addEventListener('click', () => { if (pop.hidden) { open(); input.select(); } });
  input.addEventListener('keydown', (e) => {
    const n = list.children.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (pop.hidden) open(); else if (n) move(active < n - 1 ? active + 1 : 0);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (pop.hidden) open(); else if (n) move(active > 0 ? active - 1 : n - 1);
        break;
      case 'Home': case 'End':
        if (!pop.hidden && n && !e.shiftKey) { e.preventDefault(); move(e.key === 'Home' ? 0 : n - 1); }
        break;
      case 'Enter':
        if (pop.hidden) return; // the form's own Enter
        e.preventDefault();
        if (active >= 0) choose(shown[active]);
        close();
        break;
      case 'Escape':
        if (pop.hidden) return; // lets a dialog close
        e.preventDefault();
        e.stopPropagation();
        close();
        break;
      default:
    }
  });
  // Leaving the field: text that names exactly one choice counts as chosen;
  // anything else falls back to the choice made before.
  input.addEventListener('blur', () => {
    const q = fold(input.value.trim());
    if (q && (!chosen || fold(chosen.label) !== q)) {
      const exact = all.filter((o) => fold(o.label) === q);
      if (exact.length === 1) choose(exact[0]);
    } else if (!q && chosen && !opts.required) choose(null);
    if (!pop.hidden) close(); else input.value = chosen ? chosen.label : '';
  });

  function setValue(v, label) {
    v = v === undefined || v === null ? '' : String(v);
    const o = all.find((x) => x.value === v);
    choose(v === '' ? null : (o || {value: v, label: label !== undefined ? String(label) : v}), true);
  }

  const el = opts.label
    ? h('div', {class: 'field picker'}, h('label', {for: id}, t(opts.label)), box, hidden,
      h('p', {class: 'field-error', id: id + '-err', hidden: true}))
    : h('div', {class: 'picker'}, box, hidden);
  if (opts.label) input.setAttribute('aria-describedby', id + '-err');
  if (opts.required) input.setAttribute('aria-required', 'true');
  el.pickerControl = input;
  Object.defineProperty(el, 'value', {get: () => hidden.value, set: (v) => setValue(v)});
  Object.defineProperty(el, 'disabled', {get: () => input.disabled, set: (v) => { input.disabled = !!v; if (v) close(); }});
  if (opts.value !== undefined && opts.value !== null && opts.value !== '') setValue(opts.value, opts.valueLabel);

  return {
    el, input,
    value: () => hidden.value,
    item: () => (chosen ? (chosen.item !== undefined ? chosen.item : chosen) : null),
    setValue,
    reload: () => (opts.find ? search(true) : undefined),
    // Replace the choices (e.g. the outputs of the activity just chosen);
    // one choice is taken at once.
    set: (items) => {
      all = items.map(norm);
      const keep = all.find((o) => chosen && o.value === chosen.value);
      choose(keep || (all.length === 1 ? all[0] : null));
      if (!pop.hidden) filterLocal();
    },
  };
}

// A drop-in for dom.js select(attrs, options, current, empty): attrs.id and
// attrs.name go to the control, any other attrs (data-*) to the wrapper.
export function pickerSelect(attrs, options, current, empty) {
  const {id, name, ...rest} = attrs || {};
  const p = picker({id, name, options, value: current, empty});
  for (const [k, v] of Object.entries(rest)) p.el.setAttribute(k, v);
  return p.el;
}
