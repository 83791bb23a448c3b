// The review step of the ticket form (issue #21 item 2, seed 000: "sistem
// akan menampilkan halaman konfirmasi sebelum tiket benar-benar dikirim").
// The form is only hidden while the review shows, never rebuilt, so "Ubah"
// returns to it with every value kept, chosen files included; only "Kirim"
// calls send(), which creates the ticket.
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {ref, byId} from './refdata.js';
import {session} from './session.js';

function fileList(files) {
  const list = Array.from(files || []);
  if (!list.length) return t('review.no_files');
  return h('ul', {class: 'review-files'},
    ...list.map((f) => h('li', {}, `${f.name} (${Math.max(1, Math.ceil(f.size / 1024))} KB)`)));
}

// What the review lists, in the form's order. body is the request about to
// be sent; services the list the form offered; requester the name it is for.
async function reviewRows(body, services, requester, files) {
  const svc = services.find((s) => String(s.id) === String(body.service_id));
  let category = '';
  if (svc && svc.category_id) {
    try { const c = byId(await ref('categories')).get(svc.category_id); category = c ? c.name : ''; }
    catch (e) { category = ''; }
  }
  const none = t('review.none');
  return [
    ['ticket.requester', requester || none],
    ['ticket.service', svc ? svc.name : none],
    ['review.category', category || none],
    ['ticket.priority', body.priority ? t('priority.' + body.priority) : t('new.priority_default')],
    ['ticket.title', body.title || none],
    ['ticket.description', h('span', {class: 'pre'}, body.description || none)],
    ['ticket.contact', [body.contact_name, body.contact_phone].filter(Boolean).join(' · ') || none],
    ['ticket.attachments', fileList(files)],
  ];
}

// Shows the review after form (created once, reused on each round).
// opts: {body, services, requester, files, progress, send() → Promise,
// onError(err)}. send's rejection brings the form back and calls onError.
export async function showReview(form, opts) {
  let box = form.nextElementSibling;
  if (!box || box.id !== 'ticket-review') {
    box = h('section', {class: 'card', id: 'ticket-review', 'aria-labelledby': 'ticket-review-h', hidden: true});
    form.after(box);
  }
  const requester = opts.requester || (session.user ? session.user.name : '');
  const rows = await reviewRows(opts.body, opts.services, requester, opts.files);
  // the upload bars show under the review while "Kirim" runs; put back on "Ubah"
  const home = opts.progress.parentNode, next = opts.progress.nextSibling;
  clear(box);
  const send = h('button', {type: 'button', class: 'btn primary', id: 'review-send'}, t('review.send'));
  const back = h('button', {type: 'button', class: 'btn', id: 'review-edit'}, t('review.edit'));
  const dl = h('dl', {class: 'details review'});
  for (const [k, v] of rows) dl.append(h('div', {}, h('dt', {}, t(k)), h('dd', {}, v)));
  box.append(h('h2', {id: 'ticket-review-h', tabindex: '-1'}, t('review.title')),
    h('p', {}, t('review.intro')), dl, opts.progress,
    h('div', {class: 'actions'}, back, send));
  const toForm = () => {
    box.hidden = true;
    form.hidden = false;
    if (home) home.insertBefore(opts.progress, next);
  };
  back.addEventListener('click', () => {
    toForm();
    const first = form.querySelector('input:not([type=hidden]), textarea, select');
    if (first) first.focus();
  });
  send.addEventListener('click', async () => {
    send.disabled = true;
    back.disabled = true;
    try {
      await opts.send();
    } catch (err) {
      send.disabled = false;
      back.disabled = false;
      toForm();
      opts.onError(err);
    }
  });
  form.hidden = true;
  box.hidden = false;
  box.querySelector('h2').focus();
}
