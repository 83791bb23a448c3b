// Download links for the per-ticket PDFs (issue #21 item 3, seed 001): the
// request form as a short PDF, and the completion report ("berita acara")
// once the ticket is resolved or closed — GET /tickets/{n}/pdf?kind=
// summary|completion answers 409 before that, so the link is not offered.
// The server checks visibility (a requester only gets their own tickets).
import {h} from './dom.js';
import {t} from './i18n.js';
import {receiptLink} from './receipt.js';

export function ticketDocs(tk) {
  const base = `/api/v1/tickets/${encodeURIComponent(tk.number)}/pdf?kind=`;
  const link = (kind, key) => h('li', {},
    h('a', {href: base + kind, class: 'doc-link', id: 'pdf-' + kind, target: '_blank', rel: 'noopener'},
      t(key), h('span', {class: 'sr'}, ' ' + t('pdf.new_window'))));
  return h('section', {class: 'card', id: 'ticket-docs'},
    h('h2', {}, t('pdf.title')),
    h('ul', {class: 'doc-links'},
      link('summary', 'pdf.summary'),
      tk.resolved_at || tk.closed_at ? link('completion', 'pdf.completion') : null,
      receiptLink(tk)));
}
