// Assignments (penugasan): partner × activity × output × volume in a month.
// The form shows the fee (volume × rate, whole rupiah) and the ceiling
// check while the volume is typed: the partner's total for the month plus
// this fee against the monthly ceiling, warned about before sending. The
// server stays the judge: its 409 (partner.ceiling_exceeded,
// activity.budget_exceeded) is explained with the month, total and ceiling.
import {h, clear} from '../dom.js';
import {t, has, fmtNumber} from '../i18n.js';
import {get, post, patch, qs, getAll} from '../api.js';
import {listView, pageHeader, field, flash, clearErrors, showErrors} from '../ui.js';
import {picker} from '../picker.js';
import {fieldError} from '../form_dialog.js';
import {partnerNav, rupiah, feeOf, monthLabel, monthsOf} from '../partner_common.js';

const PICK = 20;

// A picker's matches from a list endpoint: the first PICK, and how many there are.
export const findIn = (path, label) => async (q) => {
  const r = await get(path + qs({q, per_page: PICK}));
  return Object.assign(r.items.map((it) => ({value: it.id, label: label(it), item: it})), {total: r.total});
};
export const findPartners = findIn('/partners', (p) => `${p.name} · ${p.nik}`);
export const findActivities = findIn('/activities', (a) => `${a.code} · ${a.name}`);

// What the partner already earns in a month (the sum of their assignments
// there, summed exactly) and the year's monthly ceiling (null: none set).
async function monthStanding(partnerId, month) {
  const [items, ceiling] = await Promise.all([
    getAll('/assignments', {partner_id: partnerId, month}),
    get('/partner-ceilings/' + month.slice(0, 4)).then((c) => c.monthly, (e) => { if (e.status === 404) return null; throw e; }),
  ]);
  const total = items.reduce((sum, x) => sum + BigInt(x.fee), 0n).toString();
  return {total, ceiling};
}

// The server's refusal in words (409 partner.ceiling_exceeded or
// activity.budget_exceeded): which month, the total, the ceiling or budget.
export function conflictText(e) {
  const x = (e.body && e.body.error) || {};
  const key = 'partner_asg.' + e.code;
  if (!has(key)) return e.message || t('error.generic');
  return t(key, {month: monthLabel(x.month), total: rupiah(x.total), ceiling: rupiah(x.ceiling), budget: rupiah(x.budget)});
}

function assignmentForm(onCreated) {
  const partner = picker({name: 'partner_id', label: 'partner_asg.partner',
    find: findPartners, onChange: () => refreshStanding()});
  let outputs = [];
  const output = picker({name: 'output', label: 'partner_asg.output',
    find: async (q) => outputs.filter((r) => !q || r.output.toLowerCase().includes(q.toLowerCase()))
      .map((r) => ({value: r.output, label: `${r.output} · ${rupiah(r.unit_rate)}`, item: r})),
    onChange: () => live()});
  const monthPick = picker({name: 'month'});
  const month = monthPick.el;
  const activity = picker({name: 'activity_id', label: 'partner_asg.activity',
    find: findActivities, onChange: (o) => {
      const a = o ? o.item : null;
      outputs = a ? a.rates || [] : [];
      output.reload();
      const months = a ? monthsOf(a.start_date, a.end_date) : [];
      monthPick.set(months.map((m) => ({value: m, label: monthLabel(m)})));
      if (!month.value && months.length) monthPick.setValue(months[0]); // the first month, as before
      month.disabled = !a;
      refreshStanding();
      refreshSpent();
    }});
  month.disabled = true;
  month.addEventListener('change', () => refreshStanding());
  const volume = h('input', {name: 'volume', type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off'});
  // for the contract's annex and the surat tugas; empty: the office's default role
  const role = h('input', {name: 'role', autocomplete: 'off', maxlength: 100});
  const area = h('input', {name: 'area', autocomplete: 'off', maxlength: 200});
  const feeLine = h('p', {class: 'fee-line', id: 'assign-fee'});
  const ceilLine = h('p', {class: 'ceiling-line', id: 'assign-ceiling'});
  const budgetLine = h('p', {class: 'budget-line', id: 'assign-budget'});
  const livePanel = h('div', {class: 'live-check', id: 'assign-live', 'aria-live': 'polite'}, feeLine, ceilLine, budgetLine);
  const conflict = h('div', {class: 'conflict', id: 'assign-conflict', role: 'alert', hidden: true});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('partner_asg.create'));
  const form = h('form', {class: 'card', id: 'assignment-form', novalidate: true},
    h('h2', {}, t('partner_asg.new')),
    h('div', {class: 'row'}, partner.el, activity.el),
    h('div', {class: 'row'}, output.el,
      h('div', {}, field('partner_asg.month', month), field('partner_asg.volume', volume, {hint: 'partner_asg.volume_hint'}))),
    h('div', {class: 'row'}, field('partner_asg.role', role, {hint: 'partner_asg.role_hint'}),
      field('partner_asg.area', area, {hint: 'partner_asg.area_hint'})),
    livePanel, conflict, h('div', {class: 'actions'}, submit));

  // What the chosen activity already spends (its budget's realisation).
  let spent = null; // {id, used}
  let spentSeq = 0;
  async function refreshSpent() {
    const my = ++spentSeq;
    const a = activity.item();
    spent = null;
    if (!a) { live(); return; }
    try {
      const r = await get('/reports/activity-budgets' + qs({year: a.start_date.slice(0, 4)}));
      const row = (r.rows || []).find((x) => x.activity_id === a.id);
      if (my === spentSeq && row) spent = {id: a.id, used: row.used};
    } catch (e) { /* the budget line stays empty; the server still checks */ }
    if (my === spentSeq) live();
  }

  let standing = null; // {partnerId, month, total, ceiling}
  let standingSeq = 0;
  async function refreshStanding() {
    const my = ++standingSeq;
    const p = partner.value(), m = month.value;
    standing = null;
    live();
    if (!p || !m) return;
    try {
      const s = await monthStanding(p, m);
      if (my === standingSeq) { standing = {...s, partnerId: p, month: m}; live(); }
    } catch (e) { if (my === standingSeq) { ceilLine.textContent = e.message || t('error.generic'); } }
  }

  // Recomputed on every keystroke: nothing here asks the server.
  function live() {
    const rate = output.item();
    const v = volume.value.trim();
    const fee = rate ? feeOf(v, rate.unit_rate) : null;
    feeLine.className = 'fee-line';
    if (v && !/^\d+$/.test(v)) { feeLine.textContent = t('partner_asg.volume_whole'); feeLine.classList.add('bad'); }
    else if (!rate) { feeLine.textContent = t('partner_asg.fee_pick'); feeLine.classList.add('pending'); }
    else if (fee === null) {
      feeLine.textContent = t('partner_asg.fee_rate', {rate: rupiah(rate.unit_rate), output: rate.output});
      feeLine.classList.add('pending');
    }
    else {
      feeLine.textContent = t('partner_asg.fee', {volume: fmtNumber(Number(v)), output: rate.output,
        rate: rupiah(rate.unit_rate), fee: rupiah(fee)});
    }
    ceilLine.className = 'ceiling-line';
    if (!standing) { ceilLine.textContent = partner.value() && month.value ? t('common.loading') : ''; }
    else if (standing.ceiling === null || standing.ceiling === undefined) {
      ceilLine.textContent = t('partner_asg.no_ceiling', {month: monthLabel(standing.month), total: rupiah(standing.total)});
    } else {
      const after = BigInt(standing.total) + BigInt(fee || 0);
      const over = after - BigInt(standing.ceiling);
      const vars = {month: monthLabel(standing.month), total: rupiah(standing.total), fee: rupiah(fee || 0),
        after: rupiah(after.toString()), ceiling: rupiah(standing.ceiling)};
      if (over > 0n) {
        ceilLine.textContent = t('partner_asg.over_ceiling', {...vars, over: rupiah(over.toString())});
        ceilLine.classList.add('warning-text');
      } else {
        ceilLine.textContent = t('partner_asg.within_ceiling', {...vars, left: rupiah((-over).toString())});
        ceilLine.classList.add('ok-text');
      }
    }
    const a = activity.item();
    budgetLine.className = 'budget-line';
    budgetLine.textContent = '';
    const used = a && spent && spent.id === a.id ? spent.used : undefined;
    if (a && a.budget !== null && a.budget !== undefined && used !== undefined && used !== null) {
      const left = BigInt(a.budget) - BigInt(used) - BigInt(fee || 0);
      budgetLine.textContent = t(left < 0n ? 'partner_asg.over_budget' : 'partner_asg.budget_left',
        {budget: rupiah(a.budget), left: rupiah((left < 0n ? -left : left).toString())});
      budgetLine.classList.add(left < 0n ? 'warning-text' : 'ok-text');
    }
  }
  volume.addEventListener('input', () => { conflict.hidden = true; live(); });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    conflict.hidden = true;
    let bad = null;
    for (const [pk, key] of [[partner, 'partner_asg.partner'], [activity, 'partner_asg.activity'], [output, 'partner_asg.output']]) {
      if (!pk.value()) { fieldError(pk.input, t('partner_asg.pick', {what: t(key)})); bad = bad || pk.input; }
    }
    if (!/^[1-9]\d*$/.test(volume.value.trim())) { fieldError(volume, t('partner_asg.volume_whole')); bad = bad || volume; }
    if (bad) { bad.focus(); return; }
    const body = {partner_id: Number(partner.value()), activity_id: Number(activity.value()),
      output: output.value(), volume: Number(volume.value.trim())};
    if (month.value) body.month = month.value;
    if (role.value.trim()) body.role = role.value.trim();
    if (area.value.trim()) body.area = area.value.trim();
    submit.disabled = true;
    try {
      const r = await post('/assignments', body);
      const a = r.assignment || r;
      flash(t('partner_asg.created', {fee: rupiah(a.fee), month: monthLabel(a.month)}), 'ok', true);
      volume.value = '';
      await Promise.all([refreshStanding(), refreshSpent()]);
      onCreated();
    } catch (x) {
      if (x.status === 409) {
        clear(conflict);
        conflict.append(h('strong', {}, t('partner_asg.refused')), ' ', conflictText(x));
        conflict.hidden = false;
        await Promise.all([refreshStanding(), refreshSpent()]); // the totals as they are now
      } else showErrors(form, x);
    }
    submit.disabled = false;
  });
  partner.reload();
  activity.reload();
  output.reload();
  live();
  return form;
}

// "Surat tugas issued", ticked in place (PATCH /assignments/{id}): the
// follow-through counts what is still missing from it.
function issuedToggle(a) {
  const id = 'st-issued-' + a.id;
  const box = h('input', {type: 'checkbox', id, checked: !!a.surat_tugas_issued});
  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      await patch('/assignments/' + a.id, {surat_tugas_issued: box.checked});
      flash('partner_asg.st_saved');
    } catch (e) {
      box.checked = !box.checked;
      flash(e.message || t('error.generic'), 'error', true);
    }
    box.disabled = false;
  });
  return h('span', {class: 'check-inline'}, box, h('label', {for: id}, t('partner_asg.st_issued')));
}

export async function render(main) {
  let view;
  view = listView({
    searchPlaceholder: 'partner_asg.search_placeholder',
    filters: [{name: 'month', label: 'partner_asg.month', type: 'month'}],
    columns: [
      {label: 'partner_asg.partner', render: (a) => a.partner_name},
      {label: 'partner_asg.activity', render: (a) => a.activity_code},
      {label: 'partner_asg.output', render: (a) => a.output},
      {label: 'partner_asg.volume', render: (a) => fmtNumber(a.volume)},
      {label: 'partner_asg.month', render: (a) => monthLabel(a.month)},
      {label: 'partner_asg.fee_col', render: (a) => h('span', {class: 'num'}, rupiah(a.fee))},
      {label: 'partner_asg.st', render: (a) => issuedToggle(a)},
      {label: 'common.actions', render: (a) => h('a', {class: 'btn small', target: '_blank', rel: 'noopener',
        href: `/api/v1/assignments/${a.id}/letters/assignment.pdf`}, t('partner_ltr.open_st'))},
    ],
    load: (p) => get('/assignments' + qs({q: p.q, month: p.month, page: p.page, per_page: p.per_page})),
  });
  main.append(partnerNav('assignments'), pageHeader('partner_asg.title'), assignmentForm(() => view.reload()),
    h('section', {class: 'card'}, h('h2', {}, t('partner_asg.list')), view));
}
