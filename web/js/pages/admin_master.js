// Master data and users: one generic page driven by a field table per
// resource — list with search, create and edit in a dialog, inline
// validation errors from the API's `fields`, deactivate instead of delete.
import {h, clear, select} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, patch, qs} from '../api.js';
import {ref, forget, byId, options} from '../refdata.js';
import {listView, pageHeader, field, showErrors, clearErrors, flash} from '../ui.js';
import {adminNav, MASTER} from '../admin_nav.js';
import {pickerSelect} from '../picker.js';
import {sourceColumn} from '../settings_directory.js';
import {userForm, userBody} from '../user_form.js';

// [name, type, list?]  types: text textarea int email url date time bool password
// ref:<resource> enum:a|b|c
const SPECS = {
  services: [['name', 'text', 1], ['kind', 'enum:ticket|redirect|appointment', 1], ['category_id', 'ref:categories', 1],
    ['unit_id', 'ref:units'], ['priority_id', 'ref:priorities'], ['sla_policy_id', 'ref:sla-policies'],
    ['external_url', 'url'], ['helpdesk_phone', 'text', 1], ['description', 'textarea'], ['pic_user_id', 'ref:users', 1],
    ['keywords', 'text']],
  categories: [['name', 'text', 1], ['parent_id', 'ref:categories', 1], ['description', 'textarea', 1]],
  units: [['name', 'text', 1], ['code', 'text', 1], ['parent_id', 'ref:units', 1], ['description', 'textarea']],
  vendors: [['name', 'text', 1], ['contact_name', 'text', 1], ['email', 'email', 1], ['phone', 'text', 1],
    ['sees_internal', 'bool', 1]],
  priorities: [['code', 'text', 1], ['name', 'text', 1], ['rank', 'int', 1], ['sla_policy_id', 'ref:sla-policies', 1]],
  'sla-policies': [['name', 'text', 1], ['first_response_minutes', 'int', 1], ['resolution_minutes', 'int', 1],
    ['warn_before_minutes', 'int'], ['calendar_id', 'ref:calendars', 1]],
  calendars: [['name', 'text', 1], ['timezone', 'text', 1], ['work_days', 'text', 1], ['work_start', 'time', 1], ['work_end', 'time', 1]],
  holidays: [['calendar_id', 'ref:calendars', 1], ['date', 'date', 1], ['name', 'text', 1]],
  tags: [['name', 'text', 1], ['color', 'text', 1]],
  'canned-responses': [['title', 'text', 1], ['body', 'textarea'], ['category_id', 'ref:categories', 1]],
  users: [['name', 'text', 1], ['nip', 'text', 1], ['email', 'email', 1], ['phone', 'text'], ['unit_id', 'ref:units', 1],
    ['role', 'enum:requester|agent|admin|leader', 1], ['tier', 'enum:1|2|3', 1], ['vendor_id', 'ref:vendors'],
    ['locale', 'enum:id|en'], ['partner_admin', 'bool'], ['password', 'password']],
  'reject-reasons': [['code', 'text', 1], ['name', 'text', 1], ['rank', 'int', 1]],
};

async function refMaps(spec, self) {
  const out = {};
  for (const [, type] of spec) {
    if (type.startsWith('ref:')) {
      const r = type.slice(4);
      out[r] = r === self ? await get('/' + r + '?per_page=200').then((x) => x.items) : await ref(r);
    }
  }
  return out;
}

function display(item, name, type, refs) {
  const v = item[name];
  if (v === null || v === undefined || v === '') return '';
  if (type.startsWith('ref:')) { const it = byId(refs[type.slice(4)] || []).get(v); return it ? (it.name || it.title) : '#' + v; }
  if (type.startsWith('enum:')) return t(`enum.${name}.${v}`);
  if (type === 'bool') return t(v ? 'common.yes' : 'common.no');
  return String(v);
}

function input(name, type, value, refs) {
  if (type === 'textarea') return h('textarea', {name, rows: 4, value: value ?? ''});
  if (type === 'bool') return h('input', {name, type: 'checkbox', checked: !!value});
  if (type.startsWith('ref:')) return pickerSelect({name}, options(refs[type.slice(4)] || [], refs[type.slice(4)] && refs[type.slice(4)][0] && refs[type.slice(4)][0].title ? 'title' : 'name'), value, t('common.none'));
  if (type.startsWith('enum:')) return select({name, 'data-enum': ''}, type.slice(5).split('|').map((v) => ({value: v, label: t(`enum.${name}.${v}`)})), value, t('common.none'));
  const types = {int: 'number', email: 'email', url: 'url', date: 'date', time: 'time', password: 'password'};
  return h('input', {name, type: types[type] || 'text', value: value ?? '', autocomplete: type === 'password' ? 'new-password' : 'off'});
}

function editDialog(res, spec, refs, item, done) {
  const dlg = h('dialog', {class: 'dialog wide', 'aria-labelledby': 'edit-h'});
  const inputs = {};
  const form = h('form', {novalidate: true, method: 'dialog'},
    h('h2', {id: 'edit-h'}, t(item ? 'admin.edit' : 'admin.create', {what: t('res1.' + res)})));
  for (const [name, type] of spec) {
    inputs[name] = input(name, type, item ? item[name] : '', refs);
    form.append(field(`fld.${name}`, inputs[name]));
  }
  const userState = res === 'users' ? userForm(form, inputs, item) : null; // issue #20 item 7
  let active = null;
  if (item && 'active' in item) {
    active = h('input', {type: 'checkbox', name: 'active', id: 'edit-active', checked: item.active});
    form.append(h('div', {class: 'check'}, active, h('label', {for: 'edit-active'}, t('fld.active'))));
  }
  const cancel = h('button', {type: 'button', class: 'btn'}, t('common.cancel'));
  const save = h('button', {type: 'submit', class: 'btn primary'}, t('common.save'));
  form.append(h('div', {class: 'actions'}, cancel, save));
  dlg.append(form);
  document.body.append(dlg);
  const close = () => { dlg.close(); dlg.remove(); };
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {};
    for (const [name, type] of spec) {
      const old = item ? item[name] : null;
      if (type === 'bool') {
        const on = inputs[name].checked;
        if (!item || on !== !!old) body[name] = on;
        continue;
      }
      let v = inputs[name].value.trim();
      if (type === 'password' && !v) continue;
      if (v === '') v = null;
      else if (type === 'int' || type.startsWith('ref:') || (type.startsWith('enum:') && name === 'tier')) v = Number(v);
      if (item && (v === old || (v === null && (old === null || old === '')))) continue;
      if (!item && v === null) continue;
      body[name] = v;
    }
    if (active && active.checked !== item.active) body.active = active.checked;
    userBody(userState, body);
    save.disabled = true;
    try {
      if (item) await patch(`/${res}/${item.id}`, body); else await post('/' + res, body);
      forget(res);
      close();
      flash('admin.saved');
      done();
    } catch (x) { save.disabled = false; showErrors(form, x); }
  });
  dlg.showModal();
  form.querySelector('input, select, textarea').focus();
}

export async function render(main, [res]) {
  if (!SPECS[res]) res = MASTER[0];
  const spec = SPECS[res];
  const refs = await refMaps(spec, res);
  let view;
  const cols = spec.filter((f) => f[2]).map(([name, type]) => ({label: 'fld.' + name, render: (it) => display(it, name, type, refs)}));
  cols.push({label: 'fld.active', render: (it) => ('active' in it ? t(it.active ? 'common.yes' : 'common.no') : '')});
  if (res === 'users') cols.push(sourceColumn); // issue #22: local, ldap or oidc
  cols.push({label: 'common.actions', render: (it) => h('button', {type: 'button', class: 'btn small',
    onclick: () => editDialog(res, spec, refs, it, () => view.reload())}, t('common.edit'))});
  view = listView({columns: cols, load: (p) => get('/' + res + qs({q: p.q, page: p.page, per_page: p.per_page}))});
  main.append(adminNav(res),
    pageHeader('res.' + res, h('button', {type: 'button', class: 'btn primary', id: 'create',
      onclick: () => editDialog(res, spec, refs, null, () => view.reload())}, t('admin.new'))),
    view);
}
export {clear};
