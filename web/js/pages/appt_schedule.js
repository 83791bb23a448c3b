// The schedule editor for appointment services (issue #16 item 1, admin):
// without a service, the appointment services with the search box; with
// one, its mode, slot length, capacity per slot, daily quota, meeting-link
// base, the booking form's fields (each can be required and sensitive) and
// the staff who serve it. Opening days and hours come from the service's
// business calendar, so they are not edited here.
import {h, select, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, request} from '../api.js';
import {ref} from '../refdata.js';
import {listView, localLoader, pageHeader, field, showErrors, clearErrors, flash} from '../ui.js';
import {adminNav} from '../admin_nav.js';
import {apptServices, fieldLabel, forgetStaff} from '../appt.js';
import {pickerSelect} from '../picker.js';

const TYPES = ['text', 'number', 'date', 'select'];

function serviceList(main) {
  main.append(adminNav('schedules'), pageHeader('appt.sched.title'), h('p', {class: 'lead'}, t('appt.sched.intro')),
    listView({
      columns: [
        {label: 'appt.service', render: (s) => s.name},
        {label: 'appt.description', render: (s) => s.description || ''},
        {label: 'common.actions', render: (s) => h('a', {class: 'btn small', href: '#/admin/schedule/' + s.id,
          'aria-label': t('appt.sched.edit_named', {name: s.name})}, t('appt.sched.edit'))},
      ],
      empty: 'appt.book.no_services',
      load: localLoader(apptServices, ['name', 'description']),
    }));
}

// One row of the form-field editor; names carry the index so the API's
// `fields` (form_fields.0.key or form_fields[0].key) find their input.
function fieldRow(f, list) {
  const row = h('fieldset', {class: 'ff-row'});
  const key = h('input', {name: 'key', value: f.key || '', autocomplete: 'off', pattern: '[a-z0-9_]+'});
  const label = h('input', {name: 'label', value: f.key ? fieldLabel(f) : '', autocomplete: 'off'});
  const type = select({name: 'type', 'data-enum': ''}, TYPES.map((x) => ({value: x, label: t('appt.sched.type.' + x)})), f.type || 'text');
  const opts = h('input', {name: 'options', autocomplete: 'off',
    value: (f.options || []).map((o) => (typeof o === 'object' ? o.value : o)).join(', ')});
  const optsField = field('appt.sched.ff_options', opts, {hint: 'appt.sched.ff_options_hint'});
  const required = h('input', {type: 'checkbox', name: 'required', checked: !!f.required});
  const sensitive = h('input', {type: 'checkbox', name: 'sensitive', checked: !!f.sensitive});
  const remove = h('button', {type: 'button', class: 'btn small danger'}, t('appt.sched.ff_remove'));
  const legend = h('legend', {});
  const showOpts = () => { optsField.hidden = type.value !== 'select'; };
  type.addEventListener('change', showOpts);
  remove.addEventListener('click', () => { row.remove(); renumber(list); });
  const check = (input, key) => { input.id = nextId('ff'); return h('div', {class: 'check'}, input, h('label', {for: input.id}, t(key))); };
  row.append(legend, h('div', {class: 'ff-grid'}, field('appt.sched.ff_key', key), field('appt.sched.ff_label', label),
    field('appt.sched.ff_type', type), optsField),
    h('div', {class: 'actions'}, check(required, 'appt.sched.ff_required'), check(sensitive, 'appt.sched.ff_sensitive'), remove));
  row.read = () => {
    const out = {key: key.value.trim(), label: label.value.trim(), type: type.value, required: required.checked, sensitive: sensitive.checked};
    if (type.value === 'select') out.options = opts.value.split(',').map((x) => x.trim()).filter(Boolean);
    return out;
  };
  row.inputs = {key, label, type, options: opts};
  showOpts();
  return row;
}

function renumber(list) {
  [...list.children].forEach((row, i) => {
    row.querySelector('legend').textContent = t('appt.sched.ff_n', {n: i + 1});
    for (const [k, input] of Object.entries(row.inputs)) input.name = `form_fields.${i}.${k}`;
  });
}

function staffPicker(users, chosen) {
  const box = h('fieldset', {class: 'staff-pick'}, h('legend', {}, t('appt.sched.staff')));
  const search = h('input', {type: 'search', class: 'search', autocomplete: 'off', placeholder: t('appt.sched.staff_search')});
  const list = h('ul', {class: 'check-list'});
  for (const u of users) {
    const id = 'staff-' + u.id;
    const cb = h('input', {type: 'checkbox', id, value: u.id, name: 'staff', checked: chosen.has(u.id)});
    list.append(h('li', {dataset: {q: `${u.name} ${u.email || ''} ${u.nip || ''}`.toLowerCase()}}, cb,
      h('label', {for: id}, u.name, ' ', h('span', {class: 'muted small'}, u.email || ''))));
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const li of list.children) li.hidden = !!q && !li.dataset.q.includes(q);
  });
  box.append(h('p', {class: 'hint'}, t('appt.sched.staff_hint')), field('list.search', search), list);
  box.read = () => [...list.querySelectorAll('input:checked')].map((c) => Number(c.value));
  return box;
}

export async function render(main, [id]) {
  if (!id) { serviceList(main); return; }
  const [service, schedule, users, calendars] = await Promise.all([get('/services/' + id), get(`/services/${id}/schedule`),
    ref('users'), ref('calendars')]);
  const num = (name, v, min) => h('input', {name, type: 'number', min, value: v ?? '', inputmode: 'numeric'});
  const mode = select({name: 'mode', 'data-enum': ''}, ['self_booking', 'staff_scheduled'].map((m) => ({value: m, label: t('appt.sched.mode.' + m)})), schedule.mode || 'self_booking');
  const slot = num('slot_minutes', schedule.slot_minutes, 1);
  const cap = num('capacity_per_slot', schedule.capacity_per_slot, 0);
  const quota = num('daily_quota', schedule.daily_quota, 0);
  const meet = h('input', {name: 'meeting_url_base', type: 'url', value: schedule.meeting_url_base || '', autocomplete: 'off',
    placeholder: 'https://meet.example/loket-'});
  const calendar = pickerSelect({name: 'calendar_id'}, calendars.map((c) => ({value: c.id, label: `${c.name} (${c.timezone})`})),
    schedule.calendar_id, t('appt.sched.calendar_sla'));
  const ffList = h('div', {class: 'ff-list'});
  for (const f of schedule.form_fields || []) ffList.append(fieldRow(f, ffList));
  renumber(ffList);
  const addField = h('button', {type: 'button', class: 'btn', id: 'ff-add'}, t('appt.sched.ff_add'));
  addField.addEventListener('click', () => {
    const row = fieldRow({}, ffList);
    ffList.append(row);
    renumber(ffList);
    row.querySelector('input').focus();
  });
  const chosen = new Set(schedule.staff_ids || []);
  const staff = staffPicker(users.filter((u) => (u.active !== false && ['agent', 'admin'].includes(u.role)) || chosen.has(u.id)), chosen);
  const save = h('button', {type: 'submit', class: 'btn primary', id: 'sched-save'}, t('common.save'));
  const form = h('form', {class: 'card form', novalidate: true, id: 'schedule-form'},
    h('h2', {}, t('appt.sched.rules')),
    h('div', {class: 'row'}, field('appt.sched.mode', mode, {hint: 'appt.sched.mode_hint'}), field('appt.sched.slot_minutes', slot)),
    h('div', {class: 'row'}, field('appt.sched.capacity', cap, {hint: 'appt.sched.capacity_hint'}),
      field('appt.sched.quota', quota, {hint: 'appt.sched.quota_hint'})),
    field('appt.sched.meeting', meet, {hint: 'appt.sched.meeting_hint'}),
    field('appt.sched.calendar', calendar, {hint: 'appt.sched.calendar_note'}),
    h('h2', {}, t('appt.sched.form_fields')), h('p', {class: 'hint'}, t('appt.sched.form_fields_hint')),
    h('p', {class: 'hint'}, t('appt.sched.ff_key_hint')),
    ffList, h('div', {class: 'actions'}, addField),
    staff,
    h('div', {class: 'actions'}, save, h('a', {class: 'btn', href: '#/admin/schedule'}, t('common.cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const n = (input) => (input.value.trim() === '' ? null : Number(input.value));
    const body = {...schedule, mode: mode.value, slot_minutes: n(slot), capacity_per_slot: n(cap), daily_quota: n(quota),
      meeting_url_base: meet.value.trim() || null, form_fields: [...ffList.children].map((r) => r.read()),
      calendar_id: calendar.value ? Number(calendar.value) : null, staff_ids: staff.read()};
    save.disabled = true;
    try {
      await request('PUT', `/services/${id}/schedule`, body);
      forgetStaff();
      flash('appt.sched.saved');
    } catch (x) {
      const fields = {};
      // "form_fields[2]" is about the whole row: shown at its key
      for (const [k, v] of Object.entries(x.fields || {})) fields[k.replace(/\[(\d+)\]/g, '.$1').replace(/^(form_fields\.\d+)$/, '$1.key')] = v;
      showErrors(form, {message: x.message, fields});
    } finally { save.disabled = false; }
  });
  main.append(adminNav('schedules'),
    h('p', {class: 'crumbs'}, h('a', {href: '#/admin/schedule'}, t('appt.sched.title')), ' / ', service.name),
    h('h1', {tabindex: '-1'}, t('appt.sched.for', {name: service.name})), form);
}

