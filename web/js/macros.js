// Macros on the agents' ticket workspace and in the queue (issue #20,
// agent tools): one click applies a macro's assignment, tags, reply and
// status (POST /tickets/{n}/macro, all or nothing on the server). The
// workspace calls macroTools() once per render; it puts the macro card
// above the reply form and gives the reply box its canned responses while
// typing (canned.js). The queue's bulk bar gets macroBulk().
import {h} from './dom.js';
import {t} from './i18n.js';
import {post, getAll} from './api.js';
import {flash, dialog} from './ui.js';
import {pickerSelect} from './picker.js';
import {cannedTypeahead} from './canned.js';

const STATUS_KEYS = {in_progress: 'status.in_progress', waiting: 'status.waiting', resolved: 'status.resolved'};

// What a macro does, in words: "Balas · Status: Diproses · Label: jaringan · Tugaskan ke saya".
export function macroSummary(m, users = []) {
  const parts = [];
  if (m.body) parts.push(t(m.internal ? 'macro.does_note' : 'macro.does_reply'));
  if (m.status) parts.push(t('macro.does_status', {status: t(STATUS_KEYS[m.status] || m.status)}));
  if (m.tags) parts.push(t('macro.does_tags', {tags: m.tags.split(',').map((s) => s.trim()).filter(Boolean).join(', ')}));
  if (m.assign === 'self') parts.push(t('macro.does_assign_self'));
  if (m.assign === 'user') {
    const u = users.find((x) => x.id === m.assignee_id);
    parts.push(t('macro.does_assign', {name: u ? u.name : '#' + m.assignee_id}));
  }
  return parts.join(' · ');
}

// The active macros, kept for a minute (admins edit them rarely; the
// admin page refreshes them at once).
let cache = null;
let cachedAt = 0;
export function loadMacros(fresh) {
  if (!cache || fresh || Date.now() - cachedAt > 60000) {
    cachedAt = Date.now();
    cache = getAll('/macros', {active: 'true'}).catch((e) => { cache = null; throw e; });
  }
  return cache;
}

async function applyOne(number, m) {
  return post(`/tickets/${encodeURIComponent(number)}/macro`, {macro_id: m.id});
}

// The macro card: a picker of the active macros with what the chosen one
// does, and the button that applies it. Refusals show the server's message.
function macroCard(tk, macros, reload) {
  const pick = pickerSelect({name: 'macro', id: 'macro-pick'},
    macros.map((m) => ({value: m.id, label: m.name})), '', t('common.choose'));
  const what = h('p', {class: 'hint', id: 'macro-what', 'aria-live': 'polite'});
  pick.addEventListener('change', () => {
    const m = macros.find((x) => String(x.id) === pick.value);
    what.textContent = m ? macroSummary(m) : '';
  });
  const go = h('button', {type: 'button', class: 'btn', id: 'macro-apply'}, t('macro.apply'));
  go.addEventListener('click', async () => {
    const m = macros.find((x) => String(x.id) === pick.value);
    if (!m) { (pick.pickerControl || pick).focus(); return; }
    go.disabled = true;
    try {
      await applyOne(tk.number, m);
      await reload();
      flash(t('macro.applied', {name: m.name}), 'ok', true);
    } catch (e) {
      go.disabled = false;
      flash(e.message || t('error.generic'), 'error', true);
    }
  });
  const label = h('label', {for: 'macro-pick'}, t('macro.choose'));
  return h('section', {class: 'card macro-card', id: 'macro-card', 'aria-labelledby': 'macro-h'},
    h('h2', {id: 'macro-h'}, t('macro.title')),
    h('div', {class: 'macro-row'}, h('div', {class: 'macro-field'}, label, pick), go), what);
}

// Called by the workspace after each render: main holds the page. fill(text, tk)
// fills a canned response's variables (the workspace's own fillVars).
export async function macroTools(main, tk, reload, fill) {
  const form = main.querySelector('#reply-form');
  if (!form) return; // read-only (leaders)
  const body = form.querySelector('textarea[name=body]');
  if (body) cannedTypeahead(body, (text) => fill(text, tk));
  let macros;
  try { macros = await loadMacros(); } catch (e) { return; } // not staff who use them
  if (!macros.length || !form.isConnected || main.querySelector('#macro-card')) return;
  form.before(macroCard(tk, macros, reload));
}

// The queue's bulk action: choose a macro, apply it to each selected
// ticket in turn (each all or nothing), report what failed.
export function macroBulk() {
  return {label: 'macro.bulk', run: async (items) => {
    const macros = await loadMacros();
    const v = await dialog({title: 'macro.bulk_title', okLabel: 'macro.apply', fields: [{name: 'macro_id', label: 'macro.choose',
      type: 'select', required: true, empty: t('common.choose'), options: macros.map((m) => ({value: m.id, label: m.name}))}]});
    if (!v) return false;
    const m = macros.find((x) => String(x.id) === v.macro_id);
    let ok = 0;
    const errors = [];
    for (const tk of items) {
      try { await applyOne(tk.number, m); ok += 1; } catch (e) { errors.push(`${tk.number}: ${e.message}`); }
    }
    if (errors.length) return {text: t('bulk.partial', {ok, failed: errors.length}) + ' ' + errors.join('; '), kind: 'error'};
    return {text: t('macro.bulk_done', {name: m.name, n: ok}), kind: 'ok'};
  }};
}
