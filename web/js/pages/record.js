// "Record a request" for callers on the phone, WhatsApp, email or at the
// desk: look the requester up by NIP, email or phone, then the ticket form
// on their behalf.
import {h, clear, select} from '../dom.js';
import {t} from '../i18n.js';
import {field, pageHeader} from '../ui.js';
import {requesterPicker, CHANNELS} from '../requester_picker.js';
import {ticketForm, createdPanel} from '../ticket_form.js';

export async function render(main) {
  const channel = select({name: 'channel', 'data-enum': ''}, CHANNELS.map((c) => ({value: c, label: t('channel.' + c)})), 'phone');
  const picker = requesterPicker();
  const form = await ticketForm({
    before: [
      h('fieldset', {class: 'caller'}, h('legend', {}, t('record.caller')),
        field('ticket.channel', channel),
        picker.node),
    ],
    extra(body) {
      body.channel = channel.value;
      if (picker.value()) body.requester_id = Number(picker.value());
    },
    requesterLabel: (form) => form.querySelector('#chosen-requester').textContent,
    onCreated(ticket, failed, progress) {
      clear(main);
      main.append(createdPanel(ticket, failed, true, progress));
      main.querySelector('h1').focus();
    },
  });
  main.append(pageHeader('record.title'), h('p', {class: 'lead'}, t('record.intro')), form);
}
