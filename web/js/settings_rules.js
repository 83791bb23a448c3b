// The desk rules on the admins' settings page (issue #21 items 5 and 7,
// seed 002: agents close what they handled; every ticket filed under a
// tag). Two switches saved with PUT /settings/office; they apply to the
// next request, no restart (src/svc/desk_rules.h).
import {h, nextId} from './dom.js';
import {t} from './i18n.js';
import {request} from './api.js';
import {flash, clearErrors, showErrors} from './ui.js';

const RULES = ['agent_close', 'tag_before_resolve'];

// s: the GET /settings/office answer (the rules in force).
export function rulesSection(s) {
  const form = h('form', {class: 'card desk-rules', novalidate: true, 'aria-labelledby': 'set-rules-h'});
  const boxes = {};
  const rows = RULES.map((name) => {
    const id = nextId('rule'), hint = id + '-hint';
    boxes[name] = h('input', {type: 'checkbox', name, id, 'aria-describedby': hint});
    return h('div', {class: 'field'},
      h('div', {class: 'check'}, boxes[name], h('label', {for: id}, t('deskrule.' + name))),
      h('p', {class: 'hint', id: hint}, t('deskrule.' + name + '_hint')));
  });
  const save = h('button', {type: 'submit', class: 'btn primary'}, t('setoff.save'));
  form.append(h('h2', {id: 'set-rules-h'}, t('deskrule.title')),
    h('p', {class: 'hint'}, t('deskrule.live')), ...rows, h('div', {class: 'actions'}, save));
  const fill = (v) => { for (const n of RULES) boxes[n].checked = !!v[n]; };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {};
    for (const n of RULES) body[n] = boxes[n].checked;
    save.disabled = true;
    try { fill(await request('PUT', '/settings/office', body)); flash('setoff.saved'); }
    catch (err) { showErrors(form, err); }
    save.disabled = false;
  });
  fill(s);
  return form;
}
