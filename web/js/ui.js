// Shared widgets: labelled fields with inline errors, status badges, the
// confirmation dialog, flash messages and the list view every list page
// uses (search box, filters, sort, paging, optional bulk selection).
import {h, clear, select, nextId} from './dom.js';
import {t, fmtDate} from './i18n.js';
import {pickerSelect} from './picker.js';

// A labelled field; the error slot is announced through aria-describedby.
export function field(labelKey, input, opts = {}) {
  const ctl = input.pickerControl || input; // a picker (picker.js) is labelled by its text box
  const id = ctl.id || nextId('f');
  ctl.id = id;
  const err = h('p', {class: 'field-error', id: id + '-err', hidden: true});
  ctl.setAttribute('aria-describedby', id + '-err');
  if (opts.required) { if (ctl === input) input.required = true; else ctl.setAttribute('aria-required', 'true'); }
  return h('div', {class: 'field' + (opts.inline ? ' inline' : '')},
    h('label', {for: id}, t(labelKey)), input,
    opts.hint ? h('p', {class: 'hint'}, t(opts.hint)) : null, err);
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const b = form.querySelector('.form-error');
  if (b) { b.hidden = true; b.textContent = ''; }
}

// API validation errors: each `fields` entry next to its input (by name),
// the message on top; focus moves to the first bad field.
export function showErrors(form, err) {
  clearErrors(form);
  let first = null;
  for (const [name, msg] of Object.entries(err.fields || {})) {
    const named = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!named) continue;
    const input = named.pickerControl || named;
    input.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(input.id + '-err');
    if (slot) { slot.textContent = msg; slot.hidden = false; }
    first = first || input;
  }
  let b = form.querySelector('.form-error');
  if (!b) {
    b = h('p', {class: 'form-error', role: 'alert'});
    const heading = form.querySelector('h1, h2');
    if (heading && heading.parentNode === form) heading.after(b); else form.prepend(b);
  }
  b.textContent = err.message || t('error.generic');
  b.hidden = false;
  if (first) first.focus();
}

export function flash(msgKeyOrText, kind = 'ok', raw = false) {
  const box = document.getElementById('flash');
  clear(box);
  box.append(h('p', {class: 'flash ' + kind, role: kind === 'error' ? 'alert' : 'status'},
    raw ? msgKeyOrText : t(msgKeyOrText)));
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => clear(box), 6000);
}

export function statusBadge(status) {
  return h('span', {class: 'badge st-' + status}, t('status.' + status));
}

export function priorityBadge(p) {
  return h('span', {class: 'badge pr-' + p}, t('priority.' + p));
}

export function pageHeader(titleKey, ...extra) {
  return h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, t(titleKey)), ...extra);
}

export function loading() { return h('p', {class: 'muted'}, t('common.loading')); }

export function errorBox(e) {
  return h('p', {class: 'form-error', role: 'alert'}, e && e.message ? e.message : t('error.generic'));
}

// A modal dialog with fields; resolves to an object of values or null.
// fields: [{name, label, type: 'textarea'|'text'|'select'|'number', options, required}]
// A field's required may be a function of the values before it (with
// requiredText(values) → message key); onChange(inputs) runs at the start
// and on every change (to show, hide or relabel fields).
export function dialog({title, text, fields = [], okLabel = 'common.ok', danger = false, onChange = null}) {
  return new Promise((resolve) => {
    const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': 'dlg-title'});
    const form = h('form', {method: 'dialog', novalidate: true});
    const inputs = {};
    for (const f of fields) {
      let input;
      if (f.type === 'textarea') input = h('textarea', {name: f.name, rows: 4});
      else if (f.type === 'checkbox') input = h('input', {name: f.name, type: 'checkbox'});
      // a fixed enum (f.enum) stays a <select>; any other choice is a picker (picker.js's rule)
      else if (f.type === 'select' && f.enum) input = select({name: f.name, 'data-enum': ''}, f.options, f.value, f.empty);
      else if (f.type === 'select') input = pickerSelect({name: f.name}, f.options, f.value, f.empty);
      else input = h('input', {name: f.name, type: f.type || 'text', value: f.value || ''});
      inputs[f.name] = input;
      form.append(field(f.label, input, {required: f.required}));
    }
    const cancel = h('button', {type: 'button', class: 'btn'}, t('common.cancel'));
    const ok = h('button', {type: 'submit', class: danger ? 'btn danger' : 'btn primary'}, t(okLabel));
    form.prepend(...[h('h2', {id: 'dlg-title'}, t(title)), text ? h('p', {}, text) : null].filter(Boolean)); // no "null" text
    form.append(h('div', {class: 'actions'}, cancel, ok));
    dlg.append(form);
    document.body.append(dlg);
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    cancel.addEventListener('click', () => done(null));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      const out = {};
      let bad = null;
      for (const f of fields) {
        if (f.type === 'checkbox') { out[f.name] = inputs[f.name].checked; continue; }
        out[f.name] = inputs[f.name].value.trim();
        if ((typeof f.required === 'function' ? f.required(out) : f.required) && !out[f.name]) {
          const ctl = inputs[f.name].pickerControl || inputs[f.name];
          const slot = document.getElementById(ctl.id + '-err');
          slot.textContent = t(f.requiredText ? f.requiredText(out) : 'error.required');
          slot.hidden = false;
          ctl.setAttribute('aria-invalid', 'true');
          bad = bad || ctl;
        }
      }
      if (bad) { bad.focus(); return; }
      done(out);
    });
    if (onChange) { form.addEventListener('change', () => onChange(inputs)); onChange(inputs); }
    dlg.showModal();
    const firstInput = form.querySelector('input, textarea, select');
    (firstInput || ok).focus();
  });
}

function debounce(f, ms) {
  let timer;
  return (...a) => { clearTimeout(timer); timer = setTimeout(() => f(...a), ms); };
}

// The list view. opts:
//  columns: [{key, label, render(item) → node|string, sort: 'field'}]
//  load({q, page, sort, ...filters}) → {items, total}
//  filters: [{name, label, options:[{value,label}], type:'select'|'date'|'month'|'number'}]
//  sorts: [{value, label}]  selectable: bool
//  bulk: [{label, run(items) → false | {text, kind}}]
//  rowKey(item)  empty: message key  label: the list's name (when a page has two)
export function listView(opts) {
  const state = {q: '', page: 1, sort: opts.defaultSort || '', filters: {...(opts.initial || {})}};
  const root = h('section', {class: 'list'});
  const searchId = nextId('search');
  const search = h('input', {type: 'search', id: searchId, name: 'q', class: 'search',
    placeholder: t(opts.searchPlaceholder || 'list.search_placeholder'), autocomplete: 'off'});
  // two lists on one page need their own names for their search and pager landmarks
  const toolbar = h('div', {class: 'toolbar', role: 'search', 'aria-label': opts.label ? t(opts.label) : null},
    h('div', {class: 'field search-field'}, h('label', {for: searchId}, t('list.search')), search));
  for (const f of opts.filters || []) {
    const id = nextId('flt');
    const input = ['date', 'month', 'number'].includes(f.type)
      ? h('input', {type: f.type, id, name: f.name, value: state.filters[f.name] || ''})
      : f.enum ? select({id, name: f.name, 'data-enum': ''}, f.options, state.filters[f.name], t('list.all'))
        : pickerSelect({id, name: f.name}, f.options, state.filters[f.name], t('list.all'));
    input.addEventListener('change', () => { state.filters[f.name] = input.value; state.page = 1; reload(); });
    toolbar.append(h('div', {class: 'field'}, h('label', {for: id}, t(f.label)), input));
  }
  if (opts.sorts) {
    const id = nextId('sort');
    const s = select({id, name: 'sort', 'data-enum': ''}, opts.sorts, state.sort);
    s.addEventListener('change', () => { state.sort = s.value; reload(); });
    toolbar.append(h('div', {class: 'field'}, h('label', {for: id}, t('list.sort')), s));
  }
  const bulkBar = h('div', {class: 'bulk', hidden: true});
  const summary = h('p', {class: 'muted list-summary', 'aria-live': 'polite'});
  const table = h('table', {class: 'table'});
  const pager = h('nav', {class: 'pager', 'aria-label': t('list.pages') + (opts.label ? ' · ' + t(opts.label) : '')});
  root.append(toolbar, bulkBar, summary, h('div', {class: 'table-wrap'}, table), pager);
  let items = [];
  const selected = new Set();

  function renderBulk() {
    clear(bulkBar);
    if (!opts.bulk) return;
    bulkBar.hidden = selected.size === 0;
    bulkBar.append(h('span', {}, t('list.selected', {n: selected.size})));
    for (const b of opts.bulk) {
      bulkBar.append(h('button', {type: 'button', class: 'btn', onclick: async () => {
        const chosen = items.filter((it) => selected.has(opts.rowKey(it)));
        // run() returns false (cancelled) or {text, kind} to show once the list is fresh
        const res = await b.run(chosen);
        if (res === false) return;
        selected.clear();
        await reload();
        if (res && res.text) flash(res.text, res.kind, true);
      }}, t(b.label)));
    }
  }

  function render(res) {
    items = res.items;
    clear(table);
    const headRow = h('tr');
    if (opts.selectable) {
      const all = h('input', {type: 'checkbox', 'aria-label': t('list.select_all')});
      all.addEventListener('change', () => {
        items.forEach((it) => (all.checked ? selected.add(opts.rowKey(it)) : selected.delete(opts.rowKey(it))));
        table.querySelectorAll('tbody input[type=checkbox]').forEach((c) => { c.checked = all.checked; });
        renderBulk();
      });
      headRow.append(h('th', {class: 'sel'}, all));
    }
    for (const c of opts.columns) headRow.append(h('th', {scope: 'col'}, t(c.label)));
    const body = h('tbody');
    for (const it of items) {
      const tr = h('tr');
      if (opts.selectable) {
        const key = opts.rowKey(it);
        const cb = h('input', {type: 'checkbox', checked: selected.has(key), 'aria-label': t('list.select_row', {key})});
        cb.addEventListener('change', () => { cb.checked ? selected.add(key) : selected.delete(key); renderBulk(); });
        tr.append(h('td', {class: 'sel'}, cb));
      }
      for (const c of opts.columns) {
        const v = c.render ? c.render(it) : it[c.key];
        tr.append(h('td', {'data-label': t(c.label)}, v === null || v === undefined || v === '' ? '—' : v));
      }
      body.append(tr);
    }
    table.append(h('thead', {}, headRow), body);
    summary.textContent = items.length ? t('list.total', {n: res.total}) : t(opts.empty || 'list.empty');
    clear(pager);
    const perPage = opts.perPage || 25;
    const pages = Math.max(1, Math.ceil(res.total / perPage));
    if (pages > 1) {
      const prev = h('button', {type: 'button', class: 'btn', disabled: state.page <= 1,
        onclick: () => { state.page -= 1; reload(); }}, t('list.prev'));
      const next = h('button', {type: 'button', class: 'btn', disabled: state.page >= pages,
        onclick: () => { state.page += 1; reload(); }}, t('list.next'));
      pager.append(prev, h('span', {}, t('list.page_of', {page: state.page, pages})), next);
    }
    renderBulk();
  }

  let seq = 0;
  async function reload() {
    const my = ++seq;
    root.setAttribute('aria-busy', 'true');
    try {
      const res = await opts.load({q: state.q, page: state.page, per_page: opts.perPage || 25,
        sort: state.sort, ...state.filters});
      if (my === seq) render(res);
    } catch (e) {
      if (my === seq) { clear(table); summary.textContent = e.message || t('error.generic'); }
    } finally {
      if (my === seq) root.removeAttribute('aria-busy');
    }
  }
  search.addEventListener('input', debounce(() => { state.q = search.value.trim(); state.page = 1; reload(); }, 250));
  reload();
  root.reload = reload;
  return root;
}

// Client-side paging and search over an already loaded array (for small
// tables without a server-side q).
export function localLoader(fetchAll, fields) {
  let cache = null;
  return async (p) => {
    if (!cache) cache = await fetchAll();
    const q = (p.q || '').toLowerCase();
    let rows = cache.filter((it) => !q || fields.some((f) => String(it[f] ?? '').toLowerCase().includes(q)));
    for (const [k, v] of Object.entries(p)) {
      if (['q', 'page', 'per_page', 'sort'].includes(k) || v === '' || v === undefined) continue;
      rows = rows.filter((it) => String(it[k]) === String(v));
    }
    const start = (p.page - 1) * p.per_page;
    return {items: rows.slice(start, start + p.per_page), total: rows.length};
  };
}

export {fmtDate};
