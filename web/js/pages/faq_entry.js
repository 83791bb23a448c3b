// One FAQ entry: the answer (HTML made by md4c on the server with raw
// HTML disabled, the one place markup from the API is inserted) and the
// "was this helpful?" buttons.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {flash} from '../ui.js';

export async function render(main, [id]) {
  const f = await get('/faq/' + id);
  const answer = h('div', {class: 'faq-answer'});
  answer.innerHTML = f.answer_html;
  const counts = h('p', {class: 'muted small'}, t('faq.helpful_counts', {yes: f.helpful_yes, no: f.helpful_no}));
  const vote = (yes) => async () => {
    try {
      const r = await post(`/faq/${id}/helpful`, {helpful: yes});
      counts.textContent = t('faq.helpful_counts', {yes: r.helpful_yes, no: r.helpful_no});
      flash('faq.thanks');
    } catch (e) { flash(e.message, 'error', true); }
  };
  main.append(h('article', {class: 'card'},
    h('p', {class: 'crumbs'}, h('a', {href: '#/faq'}, t('faq.title'))),
    h('h1', {tabindex: '-1'}, f.question), answer,
    h('div', {class: 'helpful'}, h('span', {}, t('faq.was_helpful')),
      h('button', {type: 'button', class: 'btn', id: 'helpful-yes', onclick: vote(true)}, t('faq.yes')),
      h('button', {type: 'button', class: 'btn', id: 'helpful-no', onclick: vote(false)}, t('faq.no'))),
    counts));
}
