// The ticket form shared by the requester's "new ticket" page and the
// agents' "record a request" page: FAQ suggestions while the title is
// typed, attachments uploaded after the ticket exists with a progress bar.
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {get, post, upload} from './api.js';
import {ref, options} from './refdata.js';
import {field, showErrors, clearErrors} from './ui.js';
import {showReview} from './ticket_review.js';
import {pickerSelect} from './picker.js';

function suggestions(title) {
  const box = h('aside', {class: 'suggest', 'aria-live': 'polite', hidden: true});
  let timer;
  let seq = 0;
  title.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = title.value.trim();
      const my = ++seq;
      if (q.length < 3) { box.hidden = true; return; }
      let r;
      try { r = await get('/faq/suggest?q=' + encodeURIComponent(q)); } catch (e) { return; }
      if (my !== seq) return;
      clear(box);
      box.hidden = r.items.length === 0;
      if (!r.items.length) return;
      box.append(h('h2', {}, t('new.suggest_title')));
      const ul = h('ul');
      for (const f of r.items) {
        const det = h('details', {class: 'faq-suggestion'}, h('summary', {}, f.question));
        const body = h('div', {class: 'faq-answer'});
        body.innerHTML = f.answer_html; // md4c output, raw HTML disabled server-side
        det.append(body, h('a', {href: '#/faq/' + f.id}, t('faq.read')));
        ul.append(h('li', {}, det));
      }
      box.append(ul);
    }, 250);
  });
  return box;
}

// opts: {serviceId, before: [nodes], extra(body) → adds agent fields, onCreated(ticket),
// requesterLabel(form) → who the review names as requester (default: the signed-in user)}
export async function ticketForm(opts) {
  const [services, priorities] = await Promise.all([ref('services'), ref('priorities')]);
  const ticketServices = services.filter((s) => s.kind !== 'redirect' && s.active !== false);
  const title = h('input', {name: 'title', maxlength: 200, autocomplete: 'off'});
  const description = h('textarea', {name: 'description', rows: 6});
  const service = pickerSelect({name: 'service_id'}, options(ticketServices), opts.serviceId, t('new.choose_service'));
  const priority = pickerSelect({name: 'priority'},
    priorities.filter((p) => p.active !== false).map((p) => ({value: p.code, label: t('priority.' + p.code)})),
    '', t('new.priority_default'));
  const contactName = h('input', {name: 'contact_name', autocomplete: 'name'});
  const contactPhone = h('input', {name: 'contact_phone', type: 'tel', autocomplete: 'tel'});
  const files = h('input', {name: 'file', type: 'file', multiple: true});
  const progress = h('div', {class: 'uploads'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('review.check'));
  const form = h('form', {class: 'card form', novalidate: true},
    ...(opts.before || []),
    field('ticket.title', title, {required: true}),
    suggestions(title),
    field('ticket.description', description, {required: true}),
    h('div', {class: 'row'},
      field('ticket.service', service, {required: true}),
      field('ticket.priority', priority)),
    h('div', {class: 'row'},
      field('ticket.contact_name', contactName),
      field('ticket.contact_phone', contactPhone)),
    field('ticket.attachments', files, {hint: 'new.attachments_hint'}),
    progress,
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {title: title.value.trim(), description: description.value.trim()};
    if (service.value) body.service_id = Number(service.value);
    if (priority.value) body.priority = priority.value;
    if (contactName.value.trim()) body.contact_name = contactName.value.trim();
    if (contactPhone.value.trim()) body.contact_phone = contactPhone.value.trim();
    if (opts.extra && opts.extra(body, form) === false) return;
    const missing = {};
    for (const k of ['title', 'description', 'service_id']) if (!body[k]) missing[k] = t('error.required');
    if (Object.keys(missing).length) { showErrors(form, {message: t('error.required'), fields: missing}); return; }
    // nothing is sent before the requester confirms the review (ticket_review.js)
    await showReview(form, {body, services: ticketServices, files: files.files, progress,
      requester: opts.requesterLabel ? opts.requesterLabel(form) : '',
      async send() {
        const ticket = await post('/tickets', body);
        const failed = await uploadAll(ticket.number, files.files, progress);
        opts.onCreated(ticket, failed, progress);
      },
      onError: (err) => showErrors(form, err)});
  });
  return form;
}

// Uploads one file after another, each with its own progress bar; returns
// the names that failed (with the server's message).
export async function uploadAll(number, fileList, box, fields) {
  const failed = [];
  for (const f of Array.from(fileList || [])) {
    const bar = h('progress', {max: 100, value: 0, 'aria-label': t('upload.progress', {name: f.name})});
    const pct = h('span', {class: 'pct'}, '0%');
    const row = h('div', {class: 'upload-row'}, h('span', {class: 'fname'}, f.name), bar, pct);
    box.append(row);
    try {
      await upload(`/tickets/${encodeURIComponent(number)}/attachments`, f, (frac) => {
        bar.value = Math.round(frac * 100);
        pct.textContent = Math.round(frac * 100) + '%';
      }, fields);
      row.classList.add('done');
    } catch (e) {
      row.classList.add('failed');
      row.append(h('span', {class: 'field-error'}, e.message));
      failed.push(f.name + ': ' + e.message);
    }
  }
  return failed;
}

export function createdPanel(ticket, failed, forAgent, progress) {
  return h('section', {class: 'card created', role: 'status'},
    h('h1', {tabindex: '-1'}, t('new.created_title')),
    h('p', {}, t('new.created_text')),
    h('p', {class: 'ticket-number', id: 'created-number'}, ticket.number),
    progress && progress.childElementCount ? progress : null,
    failed.length ? h('p', {class: 'form-error'}, t('new.upload_failed'), ' ', failed.join('; ')) : null,
    h('div', {class: 'actions'},
      h('a', {class: 'btn primary', href: '#/tickets/' + ticket.number}, t('new.view_ticket')),
      h('a', {class: 'btn', href: forAgent ? '#/record' : '#/my'}, t(forAgent ? 'record.another' : 'nav.my_tickets'))));
}
