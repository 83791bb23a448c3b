// The caller block of the agents' "record a request" page (issue #20 item
// 2): find the caller among the requesters, or register one the lookup does
// not know (name plus phone or email; a requester without a unit, created
// by the server together with the ticket, so a cancelled call leaves no
// account behind), and once a caller is chosen, their earlier tickets.
// Nobody chosen is an error here and on the server: the ticket is never
// filed in the agent's own name.
import {h, clear, nextId} from './dom.js';
import {t, fmtDate} from './i18n.js';
import {get, qs} from './api.js';
import {field, showErrors, statusBadge} from './ui.js';
import {requesterPicker} from './requester_picker.js';

// Returns {node, apply(body, form) → false when no caller, label()}.
export function callerPanel() {
  const historyId = nextId('caller-history');
  const history = h('section', {class: 'caller-history', id: historyId, 'aria-live': 'polite', hidden: true});
  let seq = 0;
  async function showHistory(u) {
    const my = ++seq;
    clear(history);
    history.hidden = !u;
    if (!u) return;
    history.append(h('h2', {}, t('intake.history_title', {name: u.name})), h('p', {class: 'muted'}, t('common.loading')));
    let r;
    try { r = await get('/tickets' + qs({requester_id: u.id, per_page: 5, sort: '-created_at'})); }
    catch (e) { r = null; }
    if (my !== seq) return;
    history.lastChild.remove();
    if (!r) { history.append(h('p', {class: 'muted'}, t('error.generic'))); return; }
    if (!r.items.length) { history.append(h('p', {class: 'muted'}, t('intake.history_none'))); return; }
    history.append(h('ul', {class: 'caller-tickets'}, ...r.items.map((tk) => h('li', {},
      h('a', {href: '#/tickets/' + tk.number, class: 'mono'}, tk.number), ' ', statusBadge(tk.status), ' ',
      h('span', {class: 'ticket-title'}, tk.title), ' ',
      h('span', {class: 'muted small'}, fmtDate(tk.created_at, false))))));
    if (r.total > r.items.length) history.append(h('p', {class: 'muted small'}, t('intake.history_more', {n: r.items.length, total: r.total})));
  }

  const picker = requesterPicker({none: 'intake.none_chosen', onChange: (u) => { if (u) closeNew(); showHistory(u); }});

  // registering a caller the lookup cannot find; the inputs are named as the
  // server names their fields in a 422 (requester.name ...), so showErrors finds them
  const rq = (f) => `requester.${f}`;
  const newName = h('input', {name: rq('name'), autocomplete: 'off', maxlength: 200});
  const newPhone = h('input', {name: rq('phone'), type: 'tel', autocomplete: 'off', maxlength: 32});
  const newEmail = h('input', {name: rq('email'), type: 'email', autocomplete: 'off', maxlength: 200});
  const newBox = h('fieldset', {class: 'new-caller', id: nextId('new-caller'), hidden: true},
    h('legend', {}, t('intake.new_caller')),
    h('p', {class: 'hint'}, t('intake.new_caller_hint')),
    field('intake.new_name', newName, {required: true}),
    h('div', {class: 'row'}, field('intake.new_phone', newPhone), field('intake.new_email', newEmail)));
  const toggle = h('button', {type: 'button', class: 'btn', id: 'register-caller', 'aria-expanded': 'false',
    'aria-controls': newBox.id}, t('intake.register'));
  function openNew() {
    picker.clear('intake.registering');
    showHistory(null);
    newBox.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    toggle.textContent = t('intake.register_cancel');
    newName.focus();
  }
  function closeNew() {
    if (!newBox.hidden && !picker.value()) picker.clear();
    newBox.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = t('intake.register');
  }
  toggle.addEventListener('click', () => (newBox.hidden ? openNew() : closeNew()));

  function apply(body, form) {
    if (picker.value()) { body.requester_id = Number(picker.value()); return true; }
    if (!newBox.hidden) {
      const name = newName.value.trim(), phone = newPhone.value.trim(), email = newEmail.value.trim();
      const fields = {};
      if (!name) fields[rq('name')] = t('error.required');
      if (!phone && !email) fields[rq('phone')] = t('intake.phone_or_email');
      if (Object.keys(fields).length) { showErrors(form, {message: t('intake.new_incomplete'), fields}); return false; }
      body.requester = {name};
      if (phone) body.requester.phone = phone;
      if (email) body.requester.email = email;
      return true;
    }
    showErrors(form, {message: t('intake.caller_required'), fields: {requester_id: t('intake.caller_required')}});
    return false;
  }

  function label() {
    const u = picker.user();
    if (u) return u.name;
    return newBox.hidden ? '' : t('intake.new_label', {name: newName.value.trim()});
  }

  return {node: [...picker.node, h('p', {class: 'register-line'}, toggle), newBox, history], apply, label};
}
