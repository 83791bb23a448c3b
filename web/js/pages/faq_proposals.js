// Staff review of FAQ proposals. Approving opens the proposal in an editor
// (question, answer in Markdown, category) so the reviewer publishes a
// finished article, not a requester's rough note (issue #20 point 11);
// rejecting asks for the reason the proposer is told.
import {h} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post} from '../api.js';
import {ref, options} from '../refdata.js';
import {listView, localLoader, pageHeader, flash, field} from '../ui.js';
import {formDialog, fieldError} from '../form_dialog.js';
import {pickerSelect} from '../picker.js';

// The editor of one proposal; resolves after the article is published.
async function approveDialog(p, done) {
  const categories = await ref('categories');
  const question = h('input', {name: 'question', maxlength: 300, value: p.question});
  const answer = h('textarea', {name: 'answer', rows: 8}, p.answer || '');
  const category = pickerSelect({name: 'category_id'}, options(categories), p.category_id ? String(p.category_id) : '', t('faqrev.no_category'));
  const dlg = formDialog(t('faqrev.approve_title'), [
    h('p', {class: 'hint'}, t('faqrev.approve_intro')),
    field('faq.question', question, {required: true}),
    field('faqrev.answer', answer, {required: true, hint: 'faqrev.answer_hint'}),
    field('catalog.category', category),
  ], async () => {
    const body = {question: question.value.trim(), answer: answer.value.trim(),
      category_id: category.value ? Number(category.value) : null};
    await post(`/faq-proposals/${p.id}/approve`, body);
    flash('faq.review_approve');
    done();
  }, () => {
    let ok = true;
    if (question.value.trim().length < 3) { fieldError(question, t('faqrev.question_short')); ok = false; }
    if (!answer.value.trim() || answer.value.trim() === '-') { fieldError(answer, t('faqrev.answer_needed')); ok = false; }
    return ok;
  });
  dlg.querySelector('button[type=submit]').textContent = t('faqrev.publish');
}

function rejectDialog(p, done) {
  const reason = h('textarea', {name: 'reason', rows: 4});
  formDialog(t('faqrev.reject_title'), [
    h('p', {}, p.question),
    field('faqrev.reason', reason, {required: true, hint: 'faqrev.reason_hint'}),
  ], async () => {
    await post(`/faq-proposals/${p.id}/reject`, {reason: reason.value.trim()});
    flash('faq.review_reject');
    done();
  }, () => {
    if (reason.value.trim().length >= 3) return true;
    fieldError(reason, t('faqrev.reason_needed'));
    return false;
  });
}

export function render(main) {
  let view;
  const reload = () => view.reload();
  view = listView({
    columns: [
      {label: 'faq.question', render: (p) => p.question},
      {label: 'faq.answer_optional', render: (p) => p.answer},
      {label: 'ticket.status', render: (p) => t('proposal.' + p.status)},
      {label: 'ticket.created_at', render: (p) => fmtDate(p.created_at)},
      {label: 'common.actions', render: (p) => (p.status === 'pending' ? h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'btn', 'aria-label': t('faqrev.approve_label', {q: p.question}),
          onclick: () => approveDialog(p, reload)}, t('faqrev.approve')),
        h('button', {type: 'button', class: 'btn danger', 'aria-label': t('faqrev.reject_label', {q: p.question}),
          onclick: () => rejectDialog(p, reload)}, t('faq.reject'))) : '')},
    ],
    filters: [{name: 'status', label: 'ticket.status', enum: true, options: ['pending', 'approved', 'rejected'].map((s) => ({value: s, label: t('proposal.' + s)}))}],
    load: (p) => localLoader(async () => (await get('/faq-proposals?per_page=200')).items, ['question', 'answer'])(p),
  });
  main.append(pageHeader('faq.proposals'), view);
}
