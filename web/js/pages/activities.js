// Activities (kegiatan): the list with a search box, the form with the
// period, the budget (pagu) and a unit rate per output (SHKS), and the
// year's monthly ceiling per partner (SBML, GET|PUT /partner-ceilings/{year}).
import {h, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, patch, put, qs} from '../api.js';
import {listView, pageHeader, field, flash, showErrors, clearErrors} from '../ui.js';
import {formDialog, fieldError} from '../form_dialog.js';
import {partnerNav, rupiah, dayLabel} from '../partner_common.js';
import {isAdmin} from '../session.js';

const money = (name, value) => h('input', {name, type: 'text', inputmode: 'numeric', value: value ?? '',
  pattern: '[0-9]*', autocomplete: 'off'});

// One output with its rate; outputs are free words (dokumen, responden, hari).
function rateRow(list, r) {
  const oid = nextId('out');
  const rid = nextId('rate');
  const out = h('input', {id: oid, name: 'output', value: r ? r.output : '', autocomplete: 'off'});
  const rate = money('unit_rate', r ? r.unit_rate : '');
  rate.id = rid;
  const row = h('li', {class: 'rate-row'},
    h('div', {class: 'field'}, h('label', {for: oid}, t('partner_act.output')), out),
    h('div', {class: 'field'}, h('label', {for: rid}, t('partner_act.unit_rate')), rate));
  row.append(h('button', {type: 'button', class: 'btn small danger', 'aria-label': t('partner_act.remove_rate'),
    onclick: () => row.remove()}, '×'));
  list.append(row);
}

function activityForm(item, done) {
  const f = (name, type = 'text') => h('input', {name, type, value: item ? item[name] ?? '' : '', autocomplete: 'off'});
  const code = f('code'), name = f('name'), start = f('start_date', 'date'), end = f('end_date', 'date');
  const budget = money('budget', item ? item.budget : '');
  const rates = h('ul', {class: 'rate-list'});
  for (const r of (item && item.rates) || [{output: 'dokumen', unit_rate: ''}]) rateRow(rates, r);
  const ratesErr = h('p', {class: 'field-error', id: 'rates-err', hidden: true});
  const body = [
    h('div', {class: 'row'}, field('partner_act.code', code, {required: true}), field('partner_act.name', name, {required: true})),
    h('div', {class: 'row'}, field('partner_act.start', start, {required: true}), field('partner_act.end', end, {required: true})),
    field('partner_act.budget', budget, {hint: 'partner_act.budget_hint'}),
    h('fieldset', {class: 'rates'}, h('legend', {}, t('partner_act.rates')), rates, ratesErr,
      h('button', {type: 'button', class: 'btn small', onclick: () => rateRow(rates, null)}, t('partner_act.add_rate'))),
  ];
  const readRates = () => [...rates.querySelectorAll('.rate-row')].map((li) => ({
    output: li.querySelector('[name=output]').value.trim(),
    unit_rate: li.querySelector('[name=unit_rate]').value.trim(),
  })).filter((r) => r.output || r.unit_rate);
  const check = () => {
    let ok = true;
    for (const [inp, req] of [[code, 1], [name, 1], [start, 1], [end, 1]]) {
      if (req && !inp.value.trim()) { fieldError(inp, t('error.required')); ok = false; }
    }
    if (budget.value.trim() && !/^\d+$/.test(budget.value.trim())) { fieldError(budget, t('partner_act.whole_rupiah')); ok = false; }
    if (start.value && end.value && end.value < start.value) { fieldError(end, t('partner_act.end_before_start')); ok = false; }
    const rs = readRates();
    const bad = !rs.length || rs.some((r) => !r.output || !/^\d+$/.test(r.unit_rate));
    ratesErr.hidden = !bad;
    ratesErr.textContent = bad ? t('partner_act.rates_invalid') : '';
    if (bad) ok = false;
    return ok;
  };
  const save = async () => {
    const out = {code: code.value.trim(), name: name.value.trim(), start_date: start.value, end_date: end.value,
      rates: readRates().map((r) => ({output: r.output, unit_rate: Number(r.unit_rate)}))};
    if (budget.value.trim()) out.budget = Number(budget.value.trim());
    if (item) await patch('/activities/' + item.id, out); else await post('/activities', out);
    flash(item ? 'partner_act.saved' : 'partner_act.created');
    done();
  };
  formDialog(t(item ? 'partner_act.edit' : 'partner_act.new'), body, save, check);
}

// The monthly ceiling for one year.
function ceilingCard(setup) {
  const year = h('input', {name: 'year', type: 'number', min: 2000, max: 2100, value: new Date().getFullYear(), inputmode: 'numeric'});
  const monthly = money('monthly', '');
  const state = h('p', {class: 'muted', 'aria-live': 'polite'});
  const save = h('button', {type: 'submit', class: 'btn primary'}, t('common.save'));
  const form = h('form', {class: 'card', id: 'ceiling-form', novalidate: true},
    h('h2', {}, t('partner_act.ceiling_title')), h('p', {class: 'hint'}, t('partner_act.ceiling_hint')),
    h('div', {class: 'row'}, field('partner_act.ceiling_year', year), setup ? field('partner_act.ceiling_monthly', monthly) : null),
    state, setup ? h('div', {class: 'actions'}, save) : null);
  async function load() {
    clearErrors(form);
    monthly.value = '';
    state.textContent = t('common.loading');
    try {
      const c = await get('/partner-ceilings/' + encodeURIComponent(year.value));
      monthly.value = c.monthly ?? '';
      state.textContent = t('partner_act.ceiling_now', {year: year.value, amount: rupiah(c.monthly)});
    } catch (e) {
      state.textContent = e.status === 404 ? t('partner_act.ceiling_none', {year: year.value}) : (e.message || t('error.generic'));
    }
  }
  year.addEventListener('change', load);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!/^\d+$/.test(monthly.value.trim())) { fieldError(monthly, t('partner_act.whole_rupiah')); monthly.focus(); return; }
    save.disabled = true;
    try {
      await put('/partner-ceilings/' + encodeURIComponent(year.value), {monthly: Number(monthly.value.trim())});
      flash('partner_act.ceiling_saved');
      await load();
    } catch (x) { showErrors(form, x); }
    save.disabled = false;
  });
  load();
  return form;
}

function ratesText(a) {
  return (a.rates || []).map((r) => `${r.output}: ${rupiah(r.unit_rate)}`).join(', ');
}

export async function render(main) {
  const setup = isAdmin(); // activities, rates and ceilings are the national standard: admins set them
  let view;
  const reload = () => view.reload();
  view = listView({
    searchPlaceholder: 'partner_act.search_placeholder',
    columns: [
      {label: 'partner_act.code', render: (a) => h('span', {class: 'mono'}, a.code)},
      {label: 'partner_act.name', render: (a) => a.name},
      {label: 'partner_act.period', render: (a) => `${dayLabel(a.start_date)} – ${dayLabel(a.end_date)}`},
      {label: 'partner_act.budget_col', render: (a) => h('span', {class: 'num'}, rupiah(a.budget))},
      {label: 'partner_act.rates', render: (a) => ratesText(a)},
      setup ? {label: 'common.actions', render: (a) => h('button', {type: 'button', class: 'btn small',
        'aria-label': t('partner_act.edit_named', {code: a.code}), onclick: () => activityForm(a, reload)}, t('common.edit'))} : null,
    ].filter(Boolean),
    load: (p) => get('/activities' + qs({q: p.q, page: p.page, per_page: p.per_page})),
  });
  main.append(partnerNav('activities'),
    pageHeader('partner_act.title', setup ? h('button', {type: 'button', class: 'btn primary', id: 'activity-new',
      onclick: () => activityForm(null, reload)}, t('partner_act.new')) : null),
    view, ceilingCard(setup));
}
