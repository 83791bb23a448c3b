// "Laporkan masalah aplikasi": any signed-in user tells the application
// team what went wrong (issue #15 item 14). Three steps on one page: the
// form (what, the page it happened on, an optional screenshot), a review of
// exactly what will be sent, then the ticket number. The report is
// POST /app-problems; the screenshot follows as the ticket's attachment.
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {post} from '../api.js';
import {field, showErrors, clearErrors, pageHeader, flash} from '../ui.js';
import {uploadAll} from '../ticket_form.js';

export async function render(main, params, query) {
  const what = h('textarea', {name: 'what', rows: 6, maxlength: 5000});
  const page = h('input', {name: 'page_url', type: 'url', maxlength: 2000, autocomplete: 'off',
    value: query.get('page') || ''});
  const shot = h('input', {name: 'file', type: 'file', accept: 'image/png,image/jpeg'});
  const review = h('button', {type: 'submit', class: 'btn primary', id: 'problem-review'}, t('problem.review'));
  const form = h('form', {class: 'card form', novalidate: true, id: 'problem-form'},
    field('problem.what', what, {required: true, hint: 'problem.what_hint'}),
    field('problem.page', page),
    field('problem.screenshot', shot),
    h('div', {class: 'actions'}, review));
  const summary = h('section', {class: 'card', id: 'problem-summary', 'aria-labelledby': 'problem-summary-h', hidden: true});
  const progress = h('div', {class: 'uploads'});

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!what.value.trim()) {
      showErrors(form, {message: t('error.required'), fields: {what: t('error.required')}});
      return;
    }
    const file = shot.files[0];
    const row = (k, v) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v));
    clear(summary);
    const send = h('button', {type: 'button', class: 'btn primary', id: 'problem-send'}, t('problem.send'));
    const back = h('button', {type: 'button', class: 'btn', id: 'problem-edit'}, t('problem.edit'));
    summary.append(h('h2', {id: 'problem-summary-h', tabindex: '-1'}, t('problem.review_title')),
      h('dl', {class: 'details review'},
        row('problem.what', h('span', {class: 'pre'}, what.value.trim())),
        row('problem.page', page.value.trim() || t('problem.none')),
        row('problem.browser', navigator.userAgent),
        row('problem.screenshot', file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : t('problem.none'))),
      progress,
      h('div', {class: 'actions'}, back, send));
    form.hidden = true;
    summary.hidden = false;
    summary.querySelector('h2').focus();
    back.addEventListener('click', () => { summary.hidden = true; form.hidden = false; what.focus(); });
    send.addEventListener('click', async () => {
      send.disabled = true;
      try {
        const body = {what: what.value.trim()};
        if (page.value.trim()) body.page_url = page.value.trim();
        const tk = await post('/app-problems', body);
        const failed = file ? await uploadAll(tk.number, [file], progress) : [];
        clear(main);
        main.append(h('section', {class: 'card created', role: 'status'},
          h('h1', {tabindex: '-1'}, t('problem.sent')),
          h('p', {}, t('problem.sent_text')),
          h('p', {class: 'ticket-number', id: 'problem-number'}, tk.number),
          failed.length ? h('p', {class: 'form-error'}, t('new.upload_failed'), ' ', failed.join('; ')) : null,
          h('a', {class: 'btn', href: '#/tickets/' + encodeURIComponent(tk.number)}, t('problem.view'))));
        main.querySelector('h1').focus();
      } catch (x) {
        send.disabled = false;
        summary.hidden = true;
        form.hidden = false;
        showErrors(form, x);
        flash(x.message, 'error', true);
      }
    });
  });
  main.append(pageHeader('problem.title'), h('p', {class: 'lead'}, t('problem.intro')), form, summary);
}
