// Staff review of FAQ proposals: approve (publishes) or reject.
import {h} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post} from '../api.js';
import {listView, localLoader, pageHeader, flash} from '../ui.js';

export function render(main) {
  let view;
  const act = (p, what) => async () => {
    try { await post(`/faq-proposals/${p.id}/${what}`); flash(what === 'approve' ? 'faq.review_approve' : 'faq.review_reject'); view.reload(); }
    catch (e) { flash(e.message, 'error', true); }
  };
  view = listView({
    columns: [
      {label: 'faq.question', render: (p) => p.question},
      {label: 'faq.answer_optional', render: (p) => p.answer},
      {label: 'ticket.status', render: (p) => t('proposal.' + p.status)},
      {label: 'ticket.created_at', render: (p) => fmtDate(p.created_at)},
      {label: 'common.actions', render: (p) => (p.status === 'pending' ? h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'btn', onclick: act(p, 'approve')}, t('faq.approve')),
        h('button', {type: 'button', class: 'btn danger', onclick: act(p, 'reject')}, t('faq.reject'))) : '')},
    ],
    filters: [{name: 'status', label: 'ticket.status', enum: true, options: ['pending', 'approved', 'rejected'].map((s) => ({value: s, label: t('proposal.' + s)}))}],
    load: (p) => localLoader(async () => (await get('/faq-proposals?per_page=200')).items, ['question', 'answer'])(p),
  });
  main.append(pageHeader('faq.proposals'), view);
}
