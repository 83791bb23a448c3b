// The answering page of the satisfaction survey (issue #22 item 6), opened
// from the invitation mail (#/survey?token=...). No sign-in: the mailed
// 256-bit token is the key and works once. Questions in the page's language
// (Indonesian first); each 1–5 scale is a group of five large radio buttons
// that fit a phone, free text a text box. The server checks the answers and
// names each bad one (answers.<key>); a second answer is 409 survey.answered.
import {h, nextId} from '../dom.js';
import {t, currentLang} from '../i18n.js';
import {post} from '../api.js';

function message(card, key, kind = 'ok') {
  card.append(h('p', {role: kind === 'error' ? 'alert' : 'status', class: 'flash ' + kind, id: 'survey-message'}, t(key)));
}

// One question: a fieldset of radios 1..5 or a labelled textarea; err is
// the slot its message goes to.
function question(q, lang) {
  const text = lang === 'en' && q.text_en ? q.text_en : q.text_id;
  const errId = nextId('sv-err');
  const err = h('p', {class: 'field-error', id: errId, hidden: true});
  if (q.kind === 'scale') {
    const opts = [1, 2, 3, 4, 5].map((v) => {
      const id = nextId('sv');
      return h('span', {class: 'sv-opt'},
        h('input', {type: 'radio', id, name: 'answers.' + q.key, value: String(v), required: q.required}),
        h('label', {for: id}, h('span', {class: 'sv-num'}, String(v)), h('span', {class: 'sv-word'}, t(`sv.scale_${v}`))));
    });
    const fs = h('fieldset', {class: 'sv-question', dataset: {key: q.key}, 'aria-describedby': errId},
      h('legend', {}, text, q.required ? h('span', {class: 'sr'}, ' ' + t('sv.required')) : null),
      h('div', {class: 'sv-scale'}, opts), err);
    return {node: fs, err, focus: () => fs.querySelector('input').focus()};
  }
  const id = nextId('sv');
  const area = h('textarea', {id, name: 'answers.' + q.key, rows: 4, maxlength: 2000, 'aria-describedby': errId});
  return {node: h('div', {class: 'field sv-question', dataset: {key: q.key}}, h('label', {for: id}, text), area, err),
    err, focus: () => area.focus()};
}

export async function render(main, params, query) {
  const card = h('section', {class: 'card narrow sv-form-card'});
  main.append(card);
  const token = query.get('token') || '';
  let form;
  try {
    form = await post('/survey-form', {token}, {noRedirect: true});
  } catch (err) {
    card.append(h('h1', {tabindex: '-1'}, t('sv.answer_title')));
    message(card, err.status === 404 ? 'sv.invalid' : 'error.generic', 'error');
    return;
  }
  card.append(h('h1', {tabindex: '-1'}, form.title),
    h('p', {class: 'muted'}, t('sv.answer_intro', {period: form.period})));
  if (form.answered) { message(card, 'sv.already'); return; }
  if (form.closed) { message(card, 'sv.closed'); return; }
  const lang = currentLang();
  const qs = form.questions.map((q) => ({q, ...question(q, lang)}));
  const send = h('button', {type: 'submit', class: 'btn primary sv-send'}, t('sv.send'));
  const top = h('p', {class: 'form-error', role: 'alert', tabindex: '-1', hidden: true});
  const el = h('form', {novalidate: true, id: 'survey-answer-form'}, top, qs.map((x) => x.node),
    h('div', {class: 'actions'}, send));
  card.append(el);
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answers = {};
    for (const {q} of qs) {
      if (q.kind === 'scale') {
        const c = el.querySelector(`input[name="answers.${CSS.escape(q.key)}"]:checked`);
        if (c) answers[q.key] = Number(c.value);
      } else {
        const v = el.querySelector(`[name="answers.${CSS.escape(q.key)}"]`).value.trim();
        if (v) answers[q.key] = v;
      }
    }
    const mark = (x, on) => x.node.querySelectorAll('input, textarea').forEach((i) => (on ? i.setAttribute('aria-invalid', 'true') : i.removeAttribute('aria-invalid')));
    for (const x of qs) { x.err.hidden = true; x.err.textContent = ''; mark(x, false); }
    top.hidden = true;
    send.disabled = true;
    try {
      await post('/survey-form/answer', {token, answers}, {noRedirect: true});
      el.remove();
      message(card, 'sv.thanks');
    } catch (err) {
      send.disabled = false;
      if (err.status === 409) { el.remove(); message(card, err.code === `survey.closed` ? 'sv.closed' : 'sv.already'); return; }
      top.textContent = err.message || t('error.generic');
      top.hidden = false;
      let first = null;
      for (const x of qs) {
        const msg = (err.fields || {})['answers.' + x.q.key];
        if (!msg) continue;
        x.err.textContent = msg;
        x.err.hidden = false;
        mark(x, true);
        first = first || x;
      }
      if (first) first.focus(); else top.focus();
    }
  });
}
