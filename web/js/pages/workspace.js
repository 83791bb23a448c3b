// The agents' ticket workspace: timeline, reply with canned responses
// (variables filled in), internal note, take/assign, escalate to tier 2 or
// 3, status change with its summary or reason, the SLA countdown, and a
// warning when someone else changed the ticket since it was opened
// (polls the ticket's version). Leaders see it read-only.
import {h, clear, select} from '../dom.js';
import {t, fmtDate, fmtDuration} from '../i18n.js';
import {get, post, patch} from '../api.js';
import {session, role} from '../session.js';
import {ref, options} from '../refdata.js';
import {field, showErrors, clearErrors, dialog, flash} from '../ui.js';
import {timeline, attachments} from '../timeline.js';
import {uploadAll} from '../ticket_form.js';
import {ticketHeader, details, descriptionCard, render as ownTicket} from './ticket.js';
import {ticketDocs} from '../ticket_docs.js';
import {identityFlag} from '../identity_flag.js';
import {waNotifyLink} from '../wa_notify_link.js';
import {closeButton, closable, picRow} from '../triage.js';
import {rejectCodeField} from '../reject_reasons.js';
import {pickerSelect} from '../picker.js';
import {keepDraft} from '../draft.js';
import {enhanceUploads} from '../reply_uploads.js';
import {requesterHistory} from '../requester_history.js';
import {liveTicket} from '../live.js';
import {macroTools} from '../macros.js';
import {sendAs} from '../ticket_send_as.js';

const POLL_MS = Number(window.LOKET_POLL_MS || 15000);
const NEXT = {
  new: ['in_progress', 'resolved', 'cancelled'],
  in_progress: ['waiting', 'resolved', 'cancelled'],
  waiting: ['in_progress', 'resolved', 'cancelled'],
  resolved: ['in_progress', 'closed'],
  closed: [], cancelled: [],
};

export function fillVars(text, tk) {
  const vars = {
    requester_name: tk.requester ? tk.requester.name : '',
    ticket_number: tk.number, title: tk.title,
    service: tk.service ? tk.service.name : '',
    agent_name: session.user.name,
    status: t('status.' + tk.status),
  };
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (vars[k] !== undefined ? vars[k] : m));
}

function slaBox(tk) {
  const box = h('section', {class: 'card sla-box', 'aria-labelledby': 'sla-h'});
  const render = () => {
    clear(box);
    box.append(h('h2', {id: 'sla-h'}, t('sla.title')));
    const s = tk.sla || {};
    const running = ['new', 'in_progress'].includes(tk.status);
    const rows = [];
    if (s.first_response_due && !tk.first_response_at) rows.push(['sla.first_response', s.first_response_due, s.first_response_breached]);
    if (s.resolution_due) rows.push(['sla.resolution', s.resolution_due, s.resolution_breached]);
    for (const [k, due, breached] of rows) {
      const left = (new Date(due) - Date.now()) / 1000;
      const late = breached || left < 0;
      box.append(h('p', {class: late ? 'sla late' : left < 3600 ? 'sla soon' : 'sla'},
        h('strong', {}, t(k)), ' ', fmtDate(due), ' — ',
        !running ? t(s.paused ? 'sla.paused' : 'sla.stopped') : late ? t('sla.breached', {d: fmtDuration(-left)}) : t('sla.left', {d: fmtDuration(left)})));
    }
    if (!rows.length) box.append(h('p', {class: 'muted'}, t('sla.none')));
  };
  render();
  box.tick = render;
  return box;
}

async function replyForm(tk, reload) {
  const canned = await ref('canned-responses').catch(() => []);
  const body = h('textarea', {name: 'body', rows: 5});
  const pick = pickerSelect({name: 'canned'}, canned.filter((c) => c.active !== false).map((c) => ({value: c.id, label: c.title})), '', t('reply.canned_none'));
  pick.addEventListener('change', () => {
    const c = canned.find((x) => String(x.id) === pick.value);
    if (c) { body.value = fillVars(c.body, tk); body.focus(); }
  });
  const internal = h('input', {type: 'checkbox', name: 'internal', id: 'reply-internal'});
  const files = h('input', {type: 'file', name: 'file', multiple: true});
  const progress = h('div', {class: 'uploads'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('reply.send'));
  internal.addEventListener('change', () => { submit.textContent = t(internal.checked ? 'reply.save_note' : 'reply.send'); });
  const form = h('form', {class: 'card form', novalidate: true, id: 'reply-form'},
    h('h2', {}, t('reply.title')),
    field('reply.canned', pick),
    field('reply.body', body),
    // an outside vendor without the permission neither reads nor writes internal notes
    session.user.sees_internal === false ? null :
      h('div', {class: 'check'}, internal, h('label', {for: 'reply-internal'}, t('reply.internal'))),
    field('ticket.attachments', files), progress,
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
      if (body.value.trim()) await post(`/tickets/${tk.number}/comments`, {body: body.value.trim(), internal: internal.checked});
      const failed = await uploadAll(tk.number, files.files, progress, internal.checked ? {internal: 'true'} : {});
      const note = internal.checked;
      await reload();
      if (failed.length) flash(failed.join('; '), 'error', true); else flash(note ? 'reply.note_saved' : 'reply.sent');
    } catch (x) { submit.disabled = false; showErrors(form, x); }
  });
  sendAs(form, tk, reload); // issue #20: send as Diproses / Menunggu / Selesai
  return form;
}

async function actionsBar(tk, reload) {
  const bar = h('div', {class: 'actions ws-actions'});
  const run = async (f, okKey) => {
    try { await f(); await reload(); flash(okKey); } catch (e) { flash(e.message, 'error', true); }
  };
  if (!tk.assignee || tk.assignee.id !== session.user.id) {
    bar.append(h('button', {type: 'button', class: 'btn primary', id: 'take', onclick: () =>
      run(() => post(`/tickets/${tk.number}/assign`, {}), 'ws.taken')}, t('ws.take')));
  }
  bar.append(h('button', {type: 'button', class: 'btn', id: 'assign', onclick: async () => {
    const users = (await ref('users').catch(() => [])).filter((u) => u.role === 'agent' || u.role === 'admin');
    const v = await dialog({title: 'ws.assign_title', okLabel: 'ws.assign',
      fields: [{name: 'assignee_id', label: 'ticket.assignee', type: 'select', required: true,
        options: users.filter((u) => u.active).map((u) => ({value: u.id, label: u.name})), empty: t('common.choose')}]});
    if (v) run(() => post(`/tickets/${tk.number}/assign`, {assignee_id: Number(v.assignee_id)}), 'ws.assigned');
  }}, t('ws.assign')));
  if (tk.tier < 3 && ['new', 'in_progress', 'waiting'].includes(tk.status)) {
    bar.append(h('button', {type: 'button', class: 'btn', id: 'escalate', onclick: async () => {
      const [units, vendors] = await Promise.all([ref('units'), ref('vendors')]);
      const targets = [];
      if (tk.tier < 2) for (const u of units) if (u.active) targets.push({value: 'u' + u.id, label: t('ws.tier2_to', {name: u.name})});
      for (const v of vendors) if (v.active) targets.push({value: 'v' + v.id, label: t('ws.tier3_to', {name: v.name})});
      const v = await dialog({title: 'ws.escalate_title', okLabel: 'ws.escalate',
        fields: [{name: 'target', label: 'ws.escalate_target', type: 'select', options: targets, required: true, empty: t('common.choose')},
          {name: 'reason', label: 'ws.reason', type: 'textarea', required: true},
          {name: 'public', label: 'ws.reason_public', type: 'checkbox'}]});
      if (!v) return;
      const id = Number(v.target.slice(1));
      const body = v.target[0] === 'u' ? {tier: 2, unit_id: id, reason: v.reason} : {tier: 3, vendor_id: id, reason: v.reason};
      body.public = v.public; // the reason is internal unless the agent says otherwise
      run(() => post(`/tickets/${tk.number}/escalate`, body), 'ws.escalated');
    }}, t('ws.escalate')));
  }
  const shut = closeButton(tk, run);
  if (shut) bar.append(shut);
  const next = closable(NEXT[tk.status] || [], tk);
  if (next.length) {
    const to = select({name: 'to', id: 'status-to', 'data-enum': ''}, next.map((s) => ({value: s, label: t('status.' + s)})), '', t('ws.status_choose'));
    const go = h('button', {type: 'button', class: 'btn', id: 'status-go', onclick: async () => {
      if (!to.value) { to.focus(); return; }
      const fields = [];
      if (to.value === 'resolved') fields.push({name: 'summary', label: 'ws.summary', type: 'textarea', required: true});
      if (to.value === 'cancelled') fields.push({name: 'reason', label: 'ws.reason', type: 'textarea', required: true});
      // staff turning a ticket down pick a rejection reason code (issue #21)
      const code = to.value === 'cancelled' ? await rejectCodeField(tk) : null;
      if (code) fields.unshift(code);
      const v = await dialog({title: 'ws.status_title', text: t('ws.status_text', {to: t('status.' + to.value)}), fields, okLabel: 'ws.status_apply'});
      if (v) run(() => post(`/tickets/${tk.number}/transitions`, {to: to.value, ...v}), 'ws.status_changed');
    }}, t('ws.status_apply'));
    bar.append(h('span', {class: 'inline-field'}, h('label', {for: 'status-to'}, t('ws.status_change')), to, go));
  }
  return bar;
}

async function tagsBox(tk, reload, readOnly) {
  const all = await ref('tags').catch(() => []);
  const box = h('section', {class: 'card'}, h('h2', {}, t('ticket.tags')));
  const list = h('p', {class: 'tags'});
  for (const name of tk.tags) list.append(h('span', {class: 'tag'}, name));
  if (!tk.tags.length) list.append(h('span', {class: 'muted'}, '—'));
  box.append(list);
  if (readOnly) return box;
  const pick = pickerSelect({name: 'tag', id: 'tag-pick'}, all.filter((x) => x.active && !tk.tags.includes(x.name)).map((x) => ({value: x.name, label: x.name})), '', t('common.choose'));
  box.append(h('div', {class: 'inline-field'}, h('label', {for: 'tag-pick'}, t('ws.add_tag')), pick,
    h('button', {type: 'button', class: 'btn', onclick: async () => {
      if (!pick.value) return;
      try { await patch(`/tickets/${tk.number}`, {tags: [...tk.tags, pick.value], version: tk.version}); await reload(); }
      catch (e) { flash(e.message, 'error', true); }
    }}, t('common.add'))));
  return box;
}

export async function render(main, [number]) {
  // A leader's own ticket is theirs to follow like any requester's.
  if (role() === 'leader') {
    const tk = await get('/tickets/' + encodeURIComponent(number));
    if (tk.requester && tk.requester.id === session.user.id) return ownTicket(main, [number]);
  }
  let current = null;
  let timer = null;
  let sla = null;
  const readOnly = role() === 'leader';
  async function reload() {
    const tk = await get('/tickets/' + encodeURIComponent(number));
    current = tk;
    const [tl, att, bar, reply, tags, pic] = await Promise.all([timeline(number), attachments(number),
      readOnly ? null : actionsBar(tk, reload), readOnly ? null : replyForm(tk, reload), tagsBox(tk, reload, readOnly),
      picRow(tk)]);
    clear(main);
    sla = slaBox(tk);
    main.append(h('div', {id: 'stale', class: 'warning', role: 'alert', hidden: true}),
      ticketHeader(tk), bar,
      h('div', {class: 'cols'},
        h('div', {class: 'col-main'}, descriptionCard(tk), reply, tl),
        h('div', {class: 'col-side'}, sla, details(tk, [['ticket.tier', String(tk.tier)], ...pic], [identityFlag(tk.requester), waNotifyLink(tk.requester)]), tags, att, ticketDocs(tk))));
    main.querySelector('.col-side').append(requesterHistory(tk) || ''); // issue #20: the requester's other tickets
    await macroTools(main, tk, reload, fillVars); // issue #20: macros, canned responses while typing
  }
  await reload();
  liveTicket(main, number, reload); // issue #20: updates, presence (web/js/live.js)
  // Another agent's change: compare the version we show with the server's.
  timer = setInterval(async () => {
    if (sla) sla.tick();
    let fresh;
    try { fresh = await get('/tickets/' + encodeURIComponent(number)); } catch (e) { return; }
    const warn = document.getElementById('stale');
    if (!warn || !current || fresh.version === current.version) return;
    clear(warn);
    warn.append(h('p', {}, t('ws.stale', {time: fmtDate(fresh.updated_at)})),
      h('button', {type: 'button', class: 'btn', onclick: () => reload()}, t('ws.reload')));
    warn.hidden = false;
  }, POLL_MS);
  return () => clearInterval(timer);
}
