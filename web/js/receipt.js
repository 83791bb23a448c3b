// The ticket receipt link (issue #22 item 7) for the "Dokumen (PDF)" box:
// GET /tickets/{n}/receipt.pdf, a one-page proof of the request with a QR
// code of the ticket's page. Offered for every ticket the caller sees.
import {h} from './dom.js';
import {t} from './i18n.js';

export function receiptLink(tk) {
  const href = `/api/v1/tickets/${encodeURIComponent(tk.number)}/receipt.pdf`;
  return h('li', {},
    h('a', {href, class: 'doc-link', id: 'pdf-receipt', target: '_blank', rel: 'noopener'},
      t('sched.receipt'), h('span', {class: 'sr'}, ' ' + t('pdf.new_window'))));
}
