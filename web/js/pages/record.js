// "Record a request" for callers on the phone, WhatsApp, email or at the
// desk: the caller found among the requesters or registered on the spot,
// their earlier tickets (caller_panel.js), then the ticket form on their
// behalf. Without a caller nothing is sent (issue #20 item 2).
import {h, clear, select} from '../dom.js';
import {t} from '../i18n.js';
import {field, pageHeader} from '../ui.js';
import {CHANNELS} from '../requester_picker.js';
import {callerPanel} from '../caller_panel.js';
import {ticketForm, createdPanel} from '../ticket_form.js';

export async function render(main) {
  const channel = select({name: 'channel', 'data-enum': ''}, CHANNELS.map((c) => ({value: c, label: t('channel.' + c)})), 'phone');
  const caller = callerPanel();
  const form = await ticketForm({
    before: [
      h('fieldset', {class: 'caller'}, h('legend', {}, t('record.caller')),
        field('ticket.channel', channel),
        caller.node),
    ],
    extra(body, f) {
      body.channel = channel.value;
      return caller.apply(body, f);
    },
    requesterLabel: () => caller.label(),
    onCreated(ticket, failed, progress) {
      clear(main);
      main.append(createdPanel(ticket, failed, true, progress));
      main.querySelector('h1').focus();
    },
  });
  main.append(pageHeader('record.title'), h('p', {class: 'lead'}, t('record.intro')), form);
}
