// Ticket list columns and filters shared by "my tickets" and the queues.
import {h} from './dom.js';
import {t, fmtDate, fmtDuration} from './i18n.js';
import {statusBadge, priorityBadge} from './ui.js';

export const STATUSES = ['new', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled'];
export const OPEN = 'new,in_progress,waiting';

export const statusOptions = () => STATUSES.map((s) => ({value: s, label: t('status.' + s)}));

export const col = {
  number: {label: 'ticket.number', render: (tk) => h('a', {href: '#/tickets/' + tk.number, class: 'mono'}, tk.number)},
  title: {label: 'ticket.title', render: (tk) => h('span', {class: 'ticket-title'}, tk.title)},
  service: {label: 'ticket.service', render: (tk) => (tk.service ? tk.service.name : '')},
  status: {label: 'ticket.status', render: (tk) => statusBadge(tk.status)},
  priority: {label: 'ticket.priority', render: (tk) => priorityBadge(tk.priority)},
  requester: {label: 'ticket.requester', render: (tk) => (tk.requester ? tk.requester.name : '')},
  assignee: {label: 'ticket.assignee', render: (tk) => (tk.assignee ? tk.assignee.name : t('ticket.unassigned'))},
  unit: {label: 'ticket.unit', render: (tk) => tk.unit_name},
  created: {label: 'ticket.created_at', render: (tk) => fmtDate(tk.created_at)},
  updated: {label: 'ticket.updated_at', render: (tk) => fmtDate(tk.updated_at)},
  due: {label: 'ticket.resolution_due', render: (tk) => slaCell(tk)},
};

// Relative time left ("sisa 3 jam") or over ("terlambat 2 jam"); the
// absolute due date in the title (issue #20 item 13).
export function slaCell(tk) {
  if (!tk.sla || !tk.sla.resolution_due || !['new', 'in_progress', 'waiting'].includes(tk.status)) return '—';
  const left = (new Date(tk.sla.resolution_due) - Date.now()) / 1000;
  const late = tk.sla.resolution_breached || left < 0;
  const text = late ? t('sla.breached', {d: fmtDuration(Math.abs(left), 2)}) : t('sla.left', {d: fmtDuration(left, 2)});
  return h('span', {class: late ? 'sla late' : 'sla', title: fmtDate(tk.sla.resolution_due)},
    h('time', {datetime: tk.sla.resolution_due}, text), h('span', {class: 'sr'}, ` (${fmtDate(tk.sla.resolution_due)})`));
}
