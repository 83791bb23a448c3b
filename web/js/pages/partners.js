// Partners (mitra): the list with a search box and an office filter, the
// create/edit form (NIK checked here as the server checks it; the server's
// 422 fields shown by their inputs), CSV import with its row-by-row report
// — where any bad row means nothing was imported — and the CSV export.
import {h, clear} from '../dom.js';
import {t, fmtNumber} from '../i18n.js';
import {get, post, patch, postText, qs, getAll} from '../api.js';
import {listView, localLoader, pageHeader, field, flash} from '../ui.js';
import {formDialog, fieldError} from '../form_dialog.js';
import {partnerNav, nikProblem} from '../partner_common.js';
import {session} from '../session.js';
import {pickerSelect} from '../picker.js';

const FIELDS = [['name', 'text'], ['nik', 'text'], ['address', 'textarea'], ['phone', 'tel'],
  ['email', 'email'], ['bank_name', 'text'], ['bank_account', 'text'], ['unit_id', 'unit']];

function partnerForm(units, item, done) {
  const inputs = {};
  const body = [];
  for (const [name, type] of FIELDS) {
    const v = item ? item[name] ?? '' : '';
    let input;
    if (type === 'textarea') input = h('textarea', {name, rows: 3, value: v});
    else if (type === 'unit') input = pickerSelect({name}, units.map((u) => ({value: u.id, label: u.name})), v, t('common.choose'));
    else {
      input = h('input', {name, type, value: v, autocomplete: 'off'});
      if (name === 'nik') Object.assign(input, {inputMode: 'numeric', maxLength: 16});
    }
    inputs[name] = input;
    body.push(field('partner.f.' + name, input, {hint: name === 'nik' ? 'partner.nik_hint' : null,
      required: ['name', 'nik', 'unit_id'].includes(name)}));
  }
  // a new partner belongs to the admin's own office unless they choose another
  if (!item && session.user.unit_id) inputs.unit_id.value = String(session.user.unit_id);
  // two to a row where they pair up (name+NIK, phone+email, bank+account)
  const pair = (a, b) => h('div', {class: 'row'}, body[a], body[b]);
  const rows = [pair(0, 1), body[2], pair(3, 4), pair(5, 6), body[7]];
  // partners are deactivated, not deleted: their letters and fees stay
  const active = item ? h('input', {type: 'checkbox', name: 'active', id: 'partner-active', checked: item.active !== false}) : null;
  if (active) rows.push(h('div', {class: 'check'}, active, h('label', {for: 'partner-active'}, t('partner.active'))));
  // the NIK is checked while typing, once it is long enough to judge
  inputs.nik.addEventListener('input', () => {
    const p = nikProblem(inputs.nik.value);
    const slot = document.getElementById(inputs.nik.id + '-err');
    if (p && inputs.nik.value.length >= 16) fieldError(inputs.nik, t(p));
    else { inputs.nik.removeAttribute('aria-invalid'); slot.hidden = true; }
  });
  const check = () => {
    let ok = true;
    const p = nikProblem(inputs.nik.value);
    if (p) { fieldError(inputs.nik, t(p)); ok = false; }
    for (const n of ['name', 'unit_id']) {
      if (!inputs[n].value.trim()) { fieldError(inputs[n], t('error.required')); ok = false; }
    }
    return ok;
  };
  const save = async () => {
    const out = {};
    for (const [name, type] of FIELDS) {
      let v = inputs[name].value.trim();
      if (type === 'unit') v = v ? Number(v) : null;
      if (item && (v === (item[name] ?? '') || (v === '' && item[name] == null))) continue;
      if (!item && v === '') continue;
      out[name] = v === '' ? null : v;
    }
    if (active && active.checked !== (item.active !== false)) out.active = active.checked;
    if (item) await patch('/partners/' + item.id, out); else await post('/partners', out);
    flash(item ? 'partner.saved' : 'partner.created');
    done();
  };
  formDialog(t(item ? 'partner.edit' : 'partner.new'), rows, save, check);
}

// The import's answer: a count, or every bad row with its problem and the
// plain statement that nothing was imported.
function importReport(box, res, err) {
  clear(box);
  if (res) {
    box.append(h('p', {class: 'flash', role: 'status'}, t('partner.import_ok', {n: fmtNumber(res.imported)})));
    return;
  }
  const rows = Object.entries(err.fields || {})
    .map(([k, v]) => [Number((k.match(/\d+/) || ['0'])[0]), k, v]).sort((a, b) => a[0] - b[0]);
  box.append(h('div', {class: 'import-error', role: 'alert'},
    h('p', {class: 'import-none'}, t('partner.import_none')),
    h('p', {}, rows.length ? t('partner.import_rows', {n: rows.length}) : (err.message || t('error.generic')))));
  if (!rows.length) return;
  box.append(h('div', {class: 'import-report'}, listView({
    label: 'partner.import_report', searchPlaceholder: 'partner.import_search', perPage: 50,
    columns: [{label: 'partner.import_row', render: (r) => r.row}, {label: 'partner.import_problem', render: (r) => r.problem}],
    load: localLoader(async () => rows.map(([n, key, msg]) => ({row: n ? String(n) : key, problem: msg})), ['row', 'problem']),
  })));
}

function importCard(onImported) {
  const file = h('input', {type: 'file', name: 'csv', accept: '.csv,text/csv'});
  const go = h('button', {type: 'submit', class: 'btn primary'}, t('partner.import_go'));
  const report = h('div', {class: 'import-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'card', id: 'partner-import', novalidate: true},
    h('h2', {}, t('partner.import_title')),
    h('p', {class: 'hint'}, t('partner.import_hint')),
    field('partner.import_file', file), h('div', {class: 'actions'}, go), report);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(report);
    if (!file.files.length) { fieldError(file, t('partner.import_pick')); file.focus(); return; }
    file.removeAttribute('aria-invalid');
    document.getElementById(file.id + '-err').hidden = true;
    go.disabled = true;
    try {
      const text = await file.files[0].text();
      const res = await postText('/partners/import', text, 'text/csv');
      importReport(report, res, null);
      onImported();
    } catch (x) {
      if (x.status) importReport(report, null, x); else importReport(report, null, {message: x.message});
    }
    go.disabled = false;
  });
  return form;
}

export async function render(main) {
  const units = await getAll('/units', {}, 5).catch(() => []);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const exportLink = h('a', {class: 'btn', id: 'partner-export', href: '/api/v1/partners/export', download: ''},
    t('partner.export'));
  let view;
  const reload = () => view.reload();
  view = listView({
    label: 'partner.list_label',
    searchPlaceholder: 'partner.search_placeholder',
    filters: [{name: 'unit_id', label: 'partner.f.unit_id', options: units.map((u) => ({value: u.id, label: u.name}))}],
    columns: [
      {label: 'partner.f.name', render: (p) => p.name},
      {label: 'partner.f.nik', render: (p) => h('span', {class: 'mono'}, p.nik)},
      {label: 'partner.f.phone', render: (p) => p.phone},
      {label: 'partner.f.unit_id', render: (p) => unitName.get(p.unit_id) || p.unit_name || ''},
      {label: 'partner.bank', render: (p) => [p.bank_name, p.bank_account].filter(Boolean).join(' · ')},
      {label: 'partner.active', render: (p) => t(p.active === false ? 'common.no' : 'common.yes')},
      {label: 'common.actions', render: (p) => h('button', {type: 'button', class: 'btn small',
        'aria-label': t('partner.edit_named', {name: p.name}), onclick: () => partnerForm(units, p, reload)}, t('common.edit'))},
    ],
    load: (p) => {
      exportLink.href = '/api/v1/partners/export' + qs({q: p.q, unit_id: p.unit_id}); // what is on screen
      return get('/partners' + qs({q: p.q, unit_id: p.unit_id, page: p.page, per_page: p.per_page}));
    },
  });
  main.append(partnerNav('partners'),
    pageHeader('partner.title', h('div', {class: 'actions'}, exportLink,
      h('button', {type: 'button', class: 'btn primary', id: 'partner-new',
        onclick: () => partnerForm(units, null, reload)}, t('partner.new')))),
    view, importCard(reload));
}
