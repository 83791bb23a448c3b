// The admin area's sub-navigation (the settings page itself says when the
// server has no settings endpoint).
import {h} from './dom.js';
import {t} from './i18n.js';

export const MASTER = ['services', 'categories', 'units', 'vendors', 'priorities', 'sla-policies',
  'calendars', 'holidays', 'tags', 'canned-responses', 'users', 'reject-reasons'];

export function adminNav(current) {
  const nav = h('nav', {class: 'tabs admin-tabs', 'aria-label': t('admin.menu')});
  const link = (href, key, id) => nav.append(h('a', {href, 'aria-current': id === current ? 'page' : null}, t(key)));
  for (const r of MASTER) link('#/admin/master/' + r, 'res.' + r, r);
  link('#/admin/schedule', 'appt.sched.title', 'schedules');
  link('#/admin/templates', 'admin.templates', 'templates');
  link('#/admin/settings', 'admin.settings', 'settings');
  link('#/admin/policy', 'policy.title', 'policy');
  link('#/admin/outbox', 'admin.outbox', 'outbox');
  link('#/admin/audit', 'admin.audit', 'audit');
  link('#/admin/webhooks', 'hook.title', 'webhooks'); // issue #22 item 3
  link('#/admin/surveys', 'sv.title', 'surveys');
  link('#/admin/automation', 'auto.title', 'automation');
  link('#/admin/macros', 'macro.admin_title', 'macros'); // issue #20
  return nav;
}
