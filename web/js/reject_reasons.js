// Rejection reason codes (issue #21 item 9, seed 001: staff turn a ticket
// down at "verifikasi awal"): the field the staff's cancel dialog adds, a
// choice among the active codes of /reject-reasons (admin master data).
// A requester cancelling their own ticket gets no such field: the reports
// count that apart from rejections.
import {t} from './i18n.js';
import {ref} from './refdata.js';
import {session} from './session.js';

// The dialog field for cancelling tk, or null for the ticket's own requester.
export async function rejectCodeField(tk) {
  const me = session.user ? session.user.id : null;
  if (me === null || me === (tk.requester_id ?? (tk.requester && tk.requester.id))) return null;
  const all = await ref('reject-reasons').catch(() => []);
  const options = all.filter((r) => r.active !== false).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((r) => ({value: r.code, label: r.name}));
  if (!options.length) return null;
  return {name: 'reason_code', label: 'rep21.reason_code', type: 'select', options, empty: t('common.choose'), required: true};
}
