// The requester's ticket page: status and details, the timeline, adding
// information and attachments, cancelling (a dialog asks the reason),
// reopening, and rating with 1–5 stars once resolved.
import {h, clear, nextId} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post} from '../api.js';
import {field, showErrors, clearErrors, statusBadge, priorityBadge, dialog, flash} from '../ui.js';
import {timeline, attachments} from '../timeline.js';
import {uploadAll} from '../ticket_form.js';
import {ticketDocs} from '../ticket_docs.js';
import {keepDraft} from '../draft.js';
import {enhanceUploads} from '../reply_uploads.js';
import {liveTicket} from '../live.js';

const OPEN = ['new', 'in_progress', 'waiting'];

export function ticketHeader(tk) {
  return h('div', {class: 'page-head ticket-head'},
    h('div', {},
      h('p', {class: 'ticket-number-small mono'}, tk.number),
      h('h1', {tabindex: '-1', class: 'ticket-title'}, tk.title)),
    h('div', {class: 'head-badges'}, statusBadge(tk.status), priorityBadge(tk.priority)));
}

export function details(tk, extra = [], requesterNote = null) {
  const dl = h('dl', {class: 'details'});
  const add = (k, v) => dl.append(h('div', {}, h('dt', {}, t(k)), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)));
  add('ticket.service', tk.service ? tk.service.name : '');
  add('ticket.requester', tk.requester ? [tk.requester.name, requesterNote] : '');
  add('ticket.unit', tk.unit_name);
  add('ticket.channel', t('channel.' + tk.channel));
  add('ticket.assignee', tk.assignee ? tk.assignee.name : t('ticket.unassigned'));
  add('ticket.created_at', fmtDate(tk.created_at));
  if (tk.contact_name || tk.contact_phone) add('ticket.contact', [tk.contact_name, tk.contact_phone].filter(Boolean).join(' · '));
  for (const [k, v] of extra) add(k, v);
  return h('section', {class: 'card'},
    h('h2', {}, t('ticket.details')), dl,
    tk.resolution_summary ? [h('h3', {}, t('ticket.resolution_summary')), h('p', {class: 'pre'}, tk.resolution_summary)] : null,
    tk.cancel_reason ? [h('h3', {}, t('ticket.cancel_reason')), h('p', {class: 'pre'}, tk.cancel_reason)] : null);
}

// What the requester wrote, at the top of the main column on both pages
// (issue #20 item 5: in the side column it sat ≈1,500 px down on a phone).
export function descriptionCard(tk) {
  return h('section', {class: 'card ticket-description', 'aria-labelledby': 'ticket-description-h'},
    h('h2', {id: 'ticket-description-h'}, t('ticket.description')), h('p', {class: 'pre'}, tk.description));
}

function addInfoForm(tk, reload) {
  const body = h('textarea', {name: 'body', rows: 4});
  const files = h('input', {type: 'file', name: 'file', multiple: true});
  const progress = h('div', {class: 'uploads'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('ticket.add_info_submit'));
  const form = h('form', {class: 'card form', novalidate: true, id: 'add-info'},
    h('h2', {}, t('ticket.add_info')),
    field('ticket.message', body), field('ticket.attachments', files), progress,
    h('div', {class: 'actions'}, submit));
  keepDraft(body, tk.number); // issue #20 item 4
  enhanceUploads(form, tk.number); // issue #20: paste and drag-and-drop uploads
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!body.value.trim() && !files.files.length) {
      showErrors(form, {message: t('error.required'), fields: {body: t('error.required')}});
      return;
    }
    submit.disabled = true;
    try {
      if (body.value.trim()) await post(`/tickets/${tk.number}/comments`, {body: body.value.trim(), internal: false});
      const failed = await uploadAll(tk.number, files.files, progress);
      await reload();
      if (failed.length) flash(failed.join('; '), 'error', true); else flash('ticket.info_added');
    } catch (err) {
      submit.disabled = false;
      showErrors(form, err);
    }
  });
  return form;
}

function ratingForm(tk, reload) {
  const name = nextId('stars');
  const stars = h('div', {class: 'stars', role: 'radiogroup', 'aria-label': t('rating.score')});
  for (let i = 1; i <= 5; i++) {
    const id = `${name}-${i}`;
    stars.append(h('input', {type: 'radio', name: 'score', id, value: i, class: 'star-input'}),
      h('label', {for: id, class: 'star', title: t('rating.stars', {n: i})},
        h('span', {class: 'sr'}, t('rating.stars', {n: i})), h('span', {'aria-hidden': 'true'}, '★')));
  }
  const feedback = h('textarea', {name: 'feedback', rows: 3});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('rating.submit'));
  const err = h('p', {class: 'field-error', id: name + '-err', hidden: true});
  const form = h('form', {class: 'card form', novalidate: true, id: 'rating-form'},
    h('h2', {}, t('rating.title')), h('p', {}, t('rating.intro')),
    h('fieldset', {}, h('legend', {}, t('rating.score')), stars, err),
    field('rating.feedback', feedback), h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const chosen = form.querySelector('input[name=score]:checked');
    if (!chosen) { err.textContent = t('rating.choose'); err.hidden = false; return; }
    submit.disabled = true;
    try {
      await post(`/tickets/${tk.number}/rating`, {score: Number(chosen.value), feedback: feedback.value.trim()});
      await reload();
      flash('rating.thanks');
    } catch (x) { submit.disabled = false; showErrors(form, x); }
  });
  return form;
}

export async function render(main, [number]) {
  async function reload() {
    const tk = await get('/tickets/' + encodeURIComponent(number));
    const [tl, att] = await Promise.all([timeline(number), attachments(number)]);
    clear(main);
    const actions = h('div', {class: 'actions'});
    if (OPEN.includes(tk.status)) {
      actions.append(h('button', {type: 'button', class: 'btn danger', id: 'cancel-ticket', onclick: async () => {
        const v = await dialog({title: 'cancel.title', text: t('cancel.text', {number: tk.number}),
          fields: [{name: 'reason', label: 'cancel.reason', type: 'textarea', required: true}],
          okLabel: 'cancel.confirm', danger: true});
        if (!v) return;
        try { await post(`/tickets/${tk.number}/transitions`, {to: 'cancelled', reason: v.reason}); await reload(); flash('cancel.done'); }
        catch (e) { flash(e.message, 'error', true); }
      }}, t('cancel.button')));
    }
    if (tk.status === 'resolved') {
      actions.append(h('button', {type: 'button', class: 'btn', id: 'reopen-ticket', onclick: async () => {
        try { await post(`/tickets/${tk.number}/transitions`, {to: 'in_progress'}); await reload(); flash('ticket.reopened'); }
        catch (e) { flash(e.message, 'error', true); }
      }}, t('ticket.reopen')));
    }
    const cols = h('div', {class: 'cols'},
      h('div', {class: 'col-main'}, descriptionCard(tk),
        tk.status === 'resolved' ? ratingForm(tk, reload) : null,
        tk.rating ? h('section', {class: 'card'}, h('h2', {}, t('rating.given')),
          h('p', {class: 'stars-static', 'aria-label': t('rating.stars', {n: tk.rating})}, '★'.repeat(tk.rating) + '☆'.repeat(5 - tk.rating)),
          tk.feedback ? h('p', {class: 'pre'}, tk.feedback) : null) : null,
        tl,
        OPEN.includes(tk.status) ? addInfoForm(tk, reload) : null),
      h('div', {class: 'col-side'}, details(tk), att, ticketDocs(tk)));
    main.append(ticketHeader(tk), actions, cols);
  }
  await reload();
  liveTicket(main, number, reload); // issue #20: updates by itself (web/js/live.js)
}
