// Next to a ticket's requester in the agents' workspace (issue #22 item 4):
// where their notices go (mail, WhatsApp, both), linking to the page where
// an agent changes it (#/notifications?user=ID). Shown only when the API
// lets the caller read it (admins; the office's agents for a requester).
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {get} from './api.js';
import {role, session} from './session.js';

// each choice with its label and hint (keys written out: the catalogue check reads them)
export const CHOICES = [['auto', 'wan.c_auto', 'wan.c_auto_hint'], ['email', 'wan.c_email', 'wan.c_email_hint'],
  ['whatsapp', 'wan.c_whatsapp', 'wan.c_whatsapp_hint'], ['both', 'wan.c_both', 'wan.c_both_hint']];
const CHOICE_LABEL = Object.fromEntries(CHOICES.map(([c, label]) => [c, label]));

export function waNotifyLink(requester) {
  const slot = h('span', {class: 'wan-link'});
  const may = role() === 'admin' || (role() === 'agent' && session.user.tier !== 3);
  if (!requester || !requester.id || !may) return slot;
  (async () => {
    try {
      const p = await get(`/users/${requester.id}/notifications`);
      clear(slot);
      slot.append(' · ', h('a', {href: `#/notifications?user=${requester.id}`},
        t('wan.link', {choice: t(CHOICE_LABEL[p.channel] || 'wan.c_auto')})));
    } catch (e) { /* not the caller's to see */ }
  })();
  return slot;
}
