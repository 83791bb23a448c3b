// A modal form whose answer comes from the server: it stays open on a
// refusal and shows the API's `fields` by their inputs (ui.showErrors);
// it closes once save(form) resolves.
import {h} from './dom.js';
import {t} from './i18n.js';
import {clearErrors, showErrors} from './ui.js';

let seq = 0;

// title: text; body: nodes; save(form) → Promise (throws ApiError to refuse);
// check(form) → false to stop before sending (it showed its own errors;
// the first field marked invalid gets the focus).
export function formDialog(title, body, save, check) {
  const hid = 'fdlg-h-' + (++seq);
  const dlg = h('dialog', {class: 'dialog wide', 'aria-labelledby': hid});
  const cancel = h('button', {type: 'button', class: 'btn'}, t('common.cancel'));
  const ok = h('button', {type: 'submit', class: 'btn primary'}, t('common.save'));
  const form = h('form', {novalidate: true, method: 'dialog'}, h('h2', {id: hid}, title), body,
    h('div', {class: 'actions'}, cancel, ok));
  dlg.append(form);
  document.body.append(dlg);
  const close = () => { dlg.close(); dlg.remove(); };
  cancel.addEventListener('click', close);
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (check && check(form) === false) {
      const bad = form.querySelector('[aria-invalid="true"]');
      if (bad) bad.focus();
      return;
    }
    ok.disabled = true;
    try { await save(form); close(); } catch (x) { ok.disabled = false; showErrors(form, x); }
  });
  dlg.showModal();
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();
  return dlg;
}

// Marks one input bad with a message (client-side checks, before sending).
export function fieldError(input, text) {
  input.setAttribute('aria-invalid', 'true');
  const slot = document.getElementById(input.id + '-err');
  if (slot) { slot.textContent = text; slot.hidden = false; }
}
