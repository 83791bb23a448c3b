// The requester's ticket form; the number is shown large once created.
import {clear} from '../dom.js';
import {ticketForm, createdPanel} from '../ticket_form.js';
import {pageHeader} from '../ui.js';

export async function render(main, params, query) {
  const form = await ticketForm({
    serviceId: query.get('service') || '',
    onCreated(ticket, failed, progress) {
      clear(main);
      main.append(createdPanel(ticket, failed, false, progress));
      main.querySelector('h1').focus();
    },
  });
  main.append(pageHeader('new.title'), form);
}
