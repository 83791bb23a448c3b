// The queue's bulk status change (issue #20 item 6). The old dialog called
// its note optional while the server needs a resolution summary to resolve
// (and a reason to cancel), so a bulk resolve failed with "Data tidak
// valid" for every ticket. This dialog asks for what the chosen status
// needs, as a required field with its own label, and the per-ticket errors
// name the field's message instead of the generic one.
import {t} from './i18n.js';
import {post} from './api.js';
import {dialog} from './ui.js';

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

// Shows the note only for a status that needs one, named and labelled for it.
function shape(inputs) {
  const need = NEEDS[inputs.to.value];
  const box = inputs.note.closest('.field');
  box.hidden = !need;
  if (!need) return;
  box.querySelector('label').textContent = t(need[1]);
  inputs.note.name = need[0];
}

// The bulk action for listView: run is the queue's per-ticket runner.
export function bulkStatus(run) {
  return {label: 'bulk.status', run: async (items) => {
    const v = await dialog({title: 'bulk.status_title', okLabel: 'ws.status_apply', onChange: shape, fields: [
      {name: 'to', label: 'ws.status_change', type: 'select', enum: true, required: true, empty: t('common.choose'),
        options: ['in_progress', 'waiting', 'resolved', 'cancelled'].map((s) => ({value: s, label: t('status.' + s)}))},
      {name: 'note', label: 'flow.bulk_summary', type: 'textarea', required: (o) => !!NEEDS[o.to],
        requiredText: (o) => NEEDS[o.to][2]}]});
    if (!v) return false;
    const need = NEEDS[v.to];
    return run(items, (tk) => post(`/tickets/${tk.number}/transitions`, {to: v.to, ...(need ? {[need[0]]: v.note} : {})}));
  }};
}
