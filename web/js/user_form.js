// The admin's user dialog (issue #20 item 7), on top of the generic
// master-data dialog (pages/admin_master.js): on create the password is
// not "left empty if unchanged" but either given or replaced by an email
// invitation (checked by default: the user sets their own password through
// a one-time link); tier shows for agents only and vendor for tier-3 agents
// (a requester has neither); editing offers to send a new invitation.
import {h} from './dom.js';
import {t} from './i18n.js';
import {post} from './api.js';
import {flash} from './ui.js';

const wrap = (input) => (input.pickerControl || input).closest('.field');

// Shapes the dialog's form; returns what userBody needs.
export function userForm(form, inputs, item) {
  const role = inputs.role, tier = inputs.tier, vendor = inputs.vendor_id, pw = inputs.password;
  const pwField = wrap(pw);
  const sync = () => {
    const agent = role.value === 'agent';
    wrap(tier).hidden = !agent;
    wrap(vendor).hidden = !(agent && tier.value === '3');
    // a field that does not apply is sent empty, so a role change clears it
    if (!agent) tier.value = '';
    if (wrap(vendor).hidden) vendor.value = '';
  };
  role.addEventListener('change', sync);
  tier.addEventListener('change', sync);
  sync();
  const state = {invite: null};
  if (!item) {
    pwField.querySelector('label').textContent = t('flow.user_password');
    const box = h('input', {type: 'checkbox', name: 'invite', id: 'user-invite', checked: true});
    const check = h('div', {class: 'check'}, box, h('label', {for: 'user-invite'}, t('flow.user_invite')),
      h('p', {class: 'hint', id: 'user-invite-hint'}, t('flow.user_invite_hint')));
    box.setAttribute('aria-describedby', 'user-invite-hint');
    pwField.before(check);
    const toggle = () => { pwField.hidden = box.checked; if (box.checked) pw.value = ''; };
    box.addEventListener('change', toggle);
    toggle();
    state.invite = box;
  } else {
    pwField.querySelector('label').textContent = t('flow.user_password_change');
    pwField.after(h('div', {class: 'field'}, h('button', {type: 'button', class: 'btn', id: 'user-reinvite', onclick: async () => {
      try { await post(`/users/${item.id}/invite`, {}); flash('flow.user_reinvited'); }
      catch (e) { flash(e.message, 'error', true); }
    }}, t('flow.user_reinvite'))));
  }
  return state;
}

// Adds the invitation to a create body (no password then).
export function userBody(state, body) {
  if (state && state.invite && state.invite.checked) {
    body.invite = true;
    delete body.password;
  }
}
