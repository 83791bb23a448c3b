// The queue's bulk status change (issue #20 item 6). The old dialog called
// its note optional while the server needs a resolution summary to resolve
// (and a reason to cancel), so a bulk resolve failed with "Data tidak
// valid" for every ticket. This dialog asks for what the chosen status
// needs, as a required field with its own label, and the per-ticket errors
// name the field's message instead of the generic one.
import {h, select} from './dom.js';
import {t} from './i18n.js';
import {post} from './api.js';
import {field, clearErrors} from './ui.js';

// What went wrong with one ticket, in words: the fields' messages when the
// server gave them ("tuliskan ringkasan penyelesaian"), else its message.
export function errorText(e) {
  const fields = Object.values((e && e.fields) || {});
  return fields.length ? fields.join('; ') : (e && e.message) || t('error.generic');
}

// The note each target status needs: [body member, label key, message key].
const NEEDS = {
  resolved: ['summary', 'flow.bulk_summary', 'flow.bulk_summary_required'],
  cancelled: ['reason', 'flow.bulk_reason', 'flow.bulk_reason_required'],
};

function ask() {
  return new Promise((resolve) => {
    const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': 'bulk-status-h', id: 'bulk-status'});
    const to = select({name: 'to', 'data-enum': ''},
      ['in_progress', 'waiting', 'resolved', 'cancelled'].map((s) => ({value: s, label: t('status.' + s)})), '', t('common.choose'));
    const note = h('textarea', {name: 'note', rows: 4});
    const toField = field('ws.status_change', to, {required: true});
    const noteField = field('flow.bulk_summary', note, {required: true});
    noteField.hidden = true;
    const label = noteField.querySelector('label');
    const cancel = h('button', {type: 'button', class: 'btn'}, t('common.cancel'));
    const ok = h('button', {type: 'submit', class: 'btn primary'}, t('ws.status_apply'));
    const form = h('form', {method: 'dialog', novalidate: true},
      h('h2', {id: 'bulk-status-h'}, t('bulk.status_title')), toField, noteField,
      h('div', {class: 'actions'}, cancel, ok));
    to.addEventListener('change', () => {
      const need = NEEDS[to.value];
      noteField.hidden = !need;
      if (need) { label.textContent = t(need[1]); note.name = need[0]; }
    });
    const fail = (input, msg) => {
      const slot = document.getElementById(input.id + '-err');
      slot.textContent = msg;
      slot.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    };
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    cancel.addEventListener('click', () => done(null));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!to.value) { fail(to, t('error.required')); return; }
      const need = NEEDS[to.value];
      if (need && !note.value.trim()) { fail(note, t(need[2])); return; }
      done({to: to.value, ...(need ? {[need[0]]: note.value.trim()} : {})});
    });
    dlg.append(form);
    document.body.append(dlg);
    dlg.showModal();
    to.focus();
  });
}

// The bulk action for listView: run is the queue's per-ticket runner.
export function bulkStatus(run) {
  return {label: 'bulk.status', run: async (items) => {
    const v = await ask();
    if (!v) return false;
    return run(items, (tk) => post(`/tickets/${tk.number}/transitions`, v));
  }};
}
