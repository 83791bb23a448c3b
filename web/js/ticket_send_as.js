// "Send as Diproses / Menunggu / Selesai" on the agents' reply box (issue
// #20, agent tools): the reply and the status change in one request (POST
// .../comments with status, one transaction on the server: a refused status
// keeps no reply either). Selesai asks for the resolution summary first.
// The buttons sit beside the form's own "send"; the form's fields (body,
// internal, files) are read from the form itself.
import {h} from './dom.js';
import {t} from './i18n.js';
import {post} from './api.js';
import {showErrors, clearErrors, dialog, flash} from './ui.js';
import {uploadAll} from './ticket_form.js';

const TARGETS = ['in_progress', 'waiting', 'resolved'];

export function sendAs(form, tk, reload) {
  if (['closed', 'cancelled'].includes(tk.status)) return;
  const body = form.querySelector('[name=body]');
  const internal = form.querySelector('#reply-internal');
  const files = form.querySelector('input[type=file]');
  const progress = form.querySelector('.uploads');
  const group = h('div', {class: 'send-as', role: 'group', 'aria-labelledby': 'send-as-l'},
    h('span', {id: 'send-as-l', class: 'send-as-label'}, t('flow.send_as')));
  const buttons = [];
  const go = async (status) => {
    clearErrors(form);
    if (!body.value.trim()) {
      showErrors(form, {message: t('flow.send_as_body'), fields: {body: t('error.required')}});
      return;
    }
    const extra = {};
    if (status === 'resolved') {
      const v = await dialog({title: 'flow.send_resolved_title', text: t('flow.send_resolved_text'),
        fields: [{name: 'summary', label: 'ws.summary', type: 'textarea', required: true}], okLabel: 'flow.send_as_resolved'});
      if (!v) return;
      extra.summary = v.summary;
    }
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await post(`/tickets/${tk.number}/comments`, {body: body.value.trim(), internal: !!(internal && internal.checked), status, ...extra});
      // sent: the kept draft (web/js/draft.js) goes with it, as on a submit
      body.value = '';
      body.dispatchEvent(new Event('input'));
      const failed = await uploadAll(tk.number, files ? files.files : [], progress, internal && internal.checked ? {internal: 'true'} : {});
      await reload();
      if (failed.length) flash(failed.join('; '), 'error', true);
      else flash(t('flow.sent_as', {status: t('status.' + status)}), 'ok', true);
    } catch (x) {
      buttons.forEach((b) => { b.disabled = false; });
      showErrors(form, x.fields && x.fields.summary ? {message: x.fields.summary} : x);
    }
  };
  for (const s of TARGETS) {
    if (s === tk.status) continue; // that is the plain "send"
    const b = h('button', {type: 'button', class: 'btn', id: 'send-as-' + s, onclick: () => go(s)},
      t('status.' + s));
    b.setAttribute('aria-label', t('flow.send_as_status', {status: t('status.' + s)}));
    buttons.push(b);
    group.append(b);
  }
  form.querySelector('.actions').append(group);
}
