// What the outbox page opens with (issue #20 item 10): how many
// notifications wait, failed and went out, whether the waiting ones are
// stuck (no mail server set, or the oldest has waited past STUCK_MS), the
// tab to open first (the one with something in it, waiting first when mail
// is stuck), and a warning with a link to the settings when no outgoing
// mail server (SMTP) is configured.
import {h} from './dom.js';
import {t, fmtNumber} from './i18n.js';
import {get, qs} from './api.js';

const STUCK_MS = 10 * 60 * 1000;

async function count(status) {
  const r = await get('/outbox' + qs({status, per_page: status === 'pending' ? 200 : 1}));
  return {total: r.total, items: r.items};
}

// → {counts: {failed, pending, sent}, smtp: true|false|null (not known to
// this user), stuck, initial: 'pending'|'failed'|'sent'}
export async function outboxState() {
  const [failed, pending, sent, office] = await Promise.all([count('failed'), count('pending'), count('sent'),
    get('/settings/office').catch(() => null)]);
  const smtp = office ? !!(office.smtp_host && office.smtp_host.trim()) : null;
  const oldest = Math.min(...pending.items.map((m) => Date.parse(m.created_at)).filter((x) => !Number.isNaN(x)));
  const stuck = pending.total > 0 && (smtp === false || Date.now() - oldest > STUCK_MS);
  let initial = 'failed';
  if (stuck || (!failed.total && pending.total)) initial = 'pending';
  else if (!failed.total && !pending.total && sent.total) initial = 'sent';
  return {counts: {failed: failed.total, pending: pending.total, sent: sent.total}, smtp, stuck, initial};
}

// The banner above the list: mail not configured (with the link to the
// settings), or mail waiting longer than it should. null when all is well.
export function outboxWarning(s) {
  if (s.smtp === false) {
    return h('div', {class: 'flash error outbox-warning', id: 'outbox-smtp-warning', role: 'alert'},
      h('p', {}, h('strong', {}, t('outbox20.smtp_missing'))),
      h('p', {}, s.counts.pending ? t('outbox20.smtp_missing_pending', {n: fmtNumber(s.counts.pending)}) : t('outbox20.smtp_missing_none')),
      h('p', {}, h('a', {href: '#/admin/settings', id: 'outbox-settings-link'}, t('outbox20.to_settings'))));
  }
  if (s.stuck) {
    return h('div', {class: 'flash error outbox-warning', id: 'outbox-stuck-warning', role: 'alert'},
      h('p', {}, t('outbox20.stuck', {n: fmtNumber(s.counts.pending)})),
      h('p', {}, h('a', {href: '#/admin/settings', id: 'outbox-settings-link'}, t('outbox20.to_settings'))));
  }
  return null;
}

// "Menunggu (12)": the filter's options with their counts.
export function outboxOptionLabel(s, status) {
  return `${t('outbox.st.' + status)} (${fmtNumber(s.counts[status])})`;
}

// The empty list's message for a status: never "no notifications" while
// some are waiting on another tab.
export function outboxEmptyKey(s, status) {
  if (status !== 'pending' && s.counts.pending) return 'outbox20.empty_but_pending';
  const keys = {failed: 'outbox20.empty_failed', pending: 'outbox20.empty_pending', sent: 'outbox20.empty_sent'};
  return keys[status] || 'outbox.empty';
}
