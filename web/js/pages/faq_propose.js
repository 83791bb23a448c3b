// Propose a new FAQ entry (staff approve or reject it later).
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {post} from '../api.js';
import {ref, options} from '../refdata.js';
import {field, showErrors, clearErrors, pageHeader} from '../ui.js';
import {pickerSelect} from '../picker.js';

export async function render(main) {
  const categories = await ref('categories');
  const question = h('input', {name: 'question', maxlength: 300});
  const answer = h('textarea', {name: 'answer', rows: 5});
  const cat = pickerSelect({name: 'category_id'}, options(categories), '', t('common.none'));
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('faq.propose_submit'));
  const form = h('form', {class: 'card form', novalidate: true},
    field('faq.question', question, {required: true}),
    field('faq.answer_optional', answer),
    field('catalog.category', cat),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {question: question.value.trim()};
    if (answer.value.trim()) body.answer = answer.value.trim();
    if (cat.value) body.category_id = Number(cat.value);
    submit.disabled = true;
    try {
      await post('/faq-proposals', body);
      clear(main);
      main.append(h('section', {class: 'card', role: 'status'}, h('h1', {tabindex: '-1'}, t('faq.proposed')),
        h('p', {}, t('faq.proposed_text')), h('a', {class: 'btn', href: '#/faq'}, t('faq.title'))));
    } catch (x) { submit.disabled = false; showErrors(form, x); }
  });
  main.append(pageHeader('faq.propose_title'), h('p', {class: 'lead'}, t('faq.propose_intro')), form);
}
