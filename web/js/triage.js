// Issue #21 items 5 and 6 in the agents' workspace: the "Tutup" button an
// agent gets on a resolved ticket when the server says they may close it
// (tk.may_close: the requester, an admin, or the assigned agent under the
// setting agent_close), and the name of the service's PIC.
import {h} from './dom.js';
import {t} from './i18n.js';
import {post} from './api.js';
import {ref} from './refdata.js';
import {dialog} from './ui.js';

// The close button, or null. run(f, okKey) is the workspace's runner.
export function closeButton(tk, run) {
  if (tk.status !== 'resolved' || !tk.may_close) return null;
  return h('button', {type: 'button', class: 'btn', id: 'close-ticket', onclick: async () => {
    const ok = await dialog({title: 'triage.close_title', text: t('triage.close_text', {number: tk.number}),
      fields: [], okLabel: 'triage.close'});
    if (ok) run(() => post(`/tickets/${tk.number}/transitions`, {to: 'closed'}), 'triage.closed');
  }}, t('triage.close'));
}

// The workspace's status choices without "closed" unless it may be taken.
export function closable(next, tk) {
  return next.filter((s) => s !== 'closed' || tk.may_close);
}

// ['triage.pic', name] for the details list, or [] when the service has none.
export async function picRow(tk) {
  const [services, users] = await Promise.all([ref('services').catch(() => []), ref('users').catch(() => [])]);
  const svc = services.find((s) => tk.service && s.id === tk.service.id);
  if (!svc || !svc.pic_user_id) return [];
  const u = users.find((x) => x.id === svc.pic_user_id);
  return [['triage.pic', u ? u.name : '#' + svc.pic_user_id]];
}
