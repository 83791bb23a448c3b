// Mail templates (/api/v1/mail-templates): the list of every key in each
// language, and an editor for subject, plain text and HTML with a live
// preview the server renders with a real ticket's values (nothing is sent).
// Template syntax errors come back as 422 template.syntax with the part,
// line and column; they are shown next to that part and the cursor is put
// there. The HTML preview is shown in a sandboxed frame without scripts.
import {h, clear} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, request} from '../api.js';
import {listView, localLoader, pageHeader, field, clearErrors, showErrors, flash, dialog} from '../ui.js';
import {adminNav} from '../admin_nav.js';

const PARTS = ['subject', 'text', 'html'];
const base = (tpl) => `/mail-templates/${encodeURIComponent(tpl.key)}/${encodeURIComponent(tpl.locale)}`;

// Offset of (line, column), both counted from 1, in a string.
function offsetOf(s, line, column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = s.indexOf('\n', off);
    if (nl < 0) return s.length;
    off = nl + 1;
  }
  return Math.min(s.length, off + Math.max(0, column - 1));
}

function debounce(f, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(f, ms); };
}

// The latest ticket's number, a sensible default for the preview.
async function latestTicket() {
  try { const r = await get('/tickets?per_page=1&sort=-created_at'); return r.items.length ? r.items[0].number : ''; }
  catch (e) { return ''; }
}

async function editor(summary, done) {
  const [tpl, number] = await Promise.all([get(base(summary)), latestTicket()]);
  const inputs = {
    subject: h('input', {name: 'subject', value: tpl.subject, autocomplete: 'off'}),
    text: h('textarea', {name: 'text', rows: 12, value: tpl.text, spellcheck: 'false'}),
    html: h('textarea', {name: 'html', rows: 12, value: tpl.html, spellcheck: 'false', class: 'code'}),
  };
  const ticket = h('input', {name: 'ticket', value: number, autocomplete: 'off', placeholder: 'LKT-2026-000001'});
  const state = h('p', {class: 'muted', id: 'tpl-state'}, t(tpl.customized ? 'tpl.customized' : 'tpl.default'));
  const form = h('form', {class: 'card form', novalidate: true, id: 'tpl-form'},
    h('h2', {}, t('tpl.editing', {key: tpl.key, locale: t('tpl.lang.' + tpl.locale)})), state,
    field('tpl.subject', inputs.subject), field('tpl.text', inputs.text),
    field('tpl.html', inputs.html, {hint: 'tpl.vars_hint'}),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'btn primary'}, t('common.save')),
      h('button', {type: 'button', class: 'btn', id: 'tpl-reset', onclick: reset}, t('tpl.reset'))));

  const prevSubject = h('p', {class: 'preview-subject', id: 'preview-subject'});
  const prevText = h('pre', {class: 'preview-body', id: 'preview-text'});
  const prevHtml = h('iframe', {class: 'preview-html', id: 'preview-html', sandbox: '', title: t('tpl.html')});
  const prevError = h('p', {class: 'form-error', role: 'alert', id: 'preview-error', hidden: true});
  const side = h('section', {class: 'col-side card', 'aria-live': 'polite', 'aria-busy': 'true'},
    h('h2', {}, t('tpl.preview')), field('tpl.ticket', ticket, {hint: 'tpl.ticket_hint'}), prevError,
    h('h3', {}, t('tpl.subject')), prevSubject, h('h3', {}, t('tpl.text')), prevText,
    h('h3', {}, t('tpl.html')), prevHtml);

  const draft = () => Object.fromEntries(PARTS.map((p) => [p, inputs[p].value]));

  // A 422 template.syntax (it names the part, line and column): message
  // next to the part, cursor at the spot.
  function syntaxError(e, where) {
    const b = e.body && e.body.error;
    if (!b || !inputs[b.part] || !b.line) return false;
    const msg = t('tpl.syntax_at', {part: t('tpl.' + b.part), line: b.line, column: b.column}) + ' — ' + e.message;
    const input = inputs[b.part];
    input.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(input.id + '-err');
    slot.textContent = msg;
    slot.hidden = false;
    if (where === 'save') {
      input.focus();
      const off = offsetOf(input.value, b.line, b.column);
      input.setSelectionRange(off, off);
    }
    prevError.textContent = msg;
    prevError.hidden = false;
    return true;
  }

  let seq = 0;
  async function preview() {
    const my = ++seq;
    side.setAttribute('aria-busy', 'true');
    try {
      const body = {...draft()};
      if (ticket.value.trim()) body.ticket = ticket.value.trim();
      const r = await post(base(tpl) + '/preview', body);
      if (my !== seq) return;
      clearErrors(form);
      prevError.hidden = true;
      prevSubject.textContent = r.subject;
      prevText.textContent = r.text;
      prevHtml.srcdoc = r.html;
    } catch (e) {
      if (my !== seq) return;
      clearErrors(form);
      if (!syntaxError(e, 'preview')) { prevError.textContent = e.message || t('error.generic'); prevError.hidden = false; }
    } finally {
      if (my === seq) side.removeAttribute('aria-busy');
    }
  }
  const later = debounce(preview, 300);
  for (const p of PARTS) inputs[p].addEventListener('input', later);
  ticket.addEventListener('input', later);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const saved = await request('PUT', base(tpl), draft());
      state.textContent = t(saved.customized ? 'tpl.customized' : 'tpl.default');
      flash('admin.saved');
      done();
    } catch (x) {
      if (!syntaxError(x, 'save')) showErrors(form, x);
    }
  });

  async function reset() {
    const ok = await dialog({title: 'tpl.reset', text: t('tpl.reset_confirm', {key: tpl.key}), okLabel: 'tpl.reset', danger: true});
    if (!ok) return;
    try {
      const r = await post(base(tpl) + '/reset');
      for (const p of PARTS) inputs[p].value = r[p];
      state.textContent = t('tpl.default');
      clearErrors(form);
      flash('tpl.reset_done');
      done();
      preview();
    } catch (x) { showErrors(form, x); }
  }

  preview();
  return h('div', {class: 'cols'}, h('div', {class: 'col-main'}, form), side);
}

export function render(main) {
  const slot = h('div', {id: 'tpl-editor'});
  const loader = () => localLoader(async () => (await get('/mail-templates')).items, ['key', 'subject']);
  let load = loader();
  const view = listView({
    columns: [
      {label: 'tpl.key', render: (x) => x.key},
      {label: 'tpl.locale', render: (x) => t('tpl.lang.' + x.locale)},
      {label: 'tpl.subject', render: (x) => x.subject},
      {label: 'tpl.state', render: (x) => t(x.customized ? 'tpl.customized' : 'tpl.default')},
      {label: 'tpl.updated_at', render: (x) => (x.updated_at ? fmtDate(x.updated_at) : '')},
      {label: 'common.actions', render: (x) => h('button', {type: 'button', class: 'btn small', onclick: async () => {
        clear(slot);
        try { slot.append(await editor(x, () => { load = loader(); view.reload(); })); slot.scrollIntoView({block: 'start'}); slot.querySelector('input').focus({preventScroll: true}); }
        catch (e) { flash(e.message || t('error.generic'), 'error', true); }
      }}, t('common.edit'))},
    ],
    filters: [{name: 'locale', label: 'tpl.locale', enum: true, options: ['id', 'en'].map((l) => ({value: l, label: t('tpl.lang.' + l)}))}],
    empty: 'tpl.empty',
    load: (p) => load(p),
  });
  main.append(adminNav('templates'), pageHeader('admin.templates'), view, slot);
}
