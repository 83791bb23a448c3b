// Follow-through (tindak lanjut): per partner and month the documents'
// state — contract signed, surat tugas issued, BAST signed, terminated,
// paid — and what is still missing before the fee can be paid (seed 003:
// missing documents delay fees); then the payment list with bank accounts
// for the finance office.
import {h, clear} from '../dom.js';
import {t, fmtNumber} from '../i18n.js';
import {get, patch, getAll, qs} from '../api.js';
import {listView, localLoader, pageHeader, field, flash} from '../ui.js';
import {partnerNav, rupiah, monthLabel, thisMonth} from '../partner_common.js';

export const CONTRACTS = '/partner-contracts';
const STATES = ['contract_signed', 'bast_signed', 'terminated', 'paid'];

// What stands between a contract and its payment, as message texts.
export function missing(c) {
  const out = [];
  if (!c.contract_signed) out.push(t('partner_fu.miss_contract'));
  if (c.n_surat_tugas_missing > 0) out.push(t('partner_fu.miss_st', {n: c.n_surat_tugas_missing}));
  if (!c.bast_signed && !c.terminated) out.push(t('partner_fu.miss_bast'));
  return out;
}

function stateToggle(c, state, reload) {
  const id = `st-${c.partner_id}-${c.month}-${state}`;
  const box = h('input', {type: 'checkbox', id, checked: !!c[state]});
  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      await patch(`${CONTRACTS}/${c.partner_id}/${c.month}`, {[state]: box.checked});
      flash(t('partner_fu.saved', {name: c.partner_name}), 'ok', true);
      reload();
    } catch (e) {
      box.checked = !box.checked;
      flash(e.message || t('error.generic'), 'error', true);
    }
    box.disabled = false;
  });
  return h('span', {class: 'check-inline'}, box, h('label', {for: id}, t('partner_fu.s.' + state)));
}

function docsCell(c, reload) {
  return h('div', {class: 'doc-states'},
    ...STATES.map((s) => stateToggle(c, s, reload)),
    h('span', {class: c.n_surat_tugas_missing > 0 ? 'badge miss' : 'badge done'},
      t('partner_fu.st_issued', {n: c.n_assignments - (c.n_surat_tugas_missing || 0), of: c.n_assignments})));
}

function missingCell(c) {
  const m = missing(c);
  if (c.paid) return h('span', {class: 'badge done'}, t('partner_fu.paid'));
  if (!m.length) return h('span', {class: 'badge ready'}, t('partner_fu.ready'));
  return h('ul', {class: 'plain missing'}, m.map((x) => h('li', {}, x)));
}

// The payment list: contracts with every document, not yet paid.
function paymentTable(rows) {
  const ready = rows.filter((c) => !c.paid && !missing(c).length);
  if (!ready.length) return h('p', {class: 'muted'}, t('partner_fu.pay_none'));
  let sum = 0n;
  const body = h('tbody');
  for (const c of ready) {
    sum += BigInt(c.total);
    body.append(h('tr', {},
      h('td', {'data-label': t('partner_fu.partner')}, c.partner_name),
      h('td', {'data-label': t('partner.f.nik'), class: 'mono'}, c.nik),
      h('td', {'data-label': t('partner.f.bank_name')}, c.bank_name || '—'),
      h('td', {'data-label': t('partner.f.bank_account'), class: 'mono'}, c.bank_account || '—'),
      h('td', {'data-label': t('partner_fu.amount'), class: 'num'}, rupiah(c.total))));
  }
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'payment-list'},
    h('caption', {class: 'sr'}, t('partner_fu.pay_title')),
    h('thead', {}, h('tr', {}, ...['partner_fu.partner', 'partner.f.nik', 'partner.f.bank_name', 'partner.f.bank_account', 'partner_fu.amount']
      .map((k) => h('th', {scope: 'col'}, t(k))))),
    body,
    h('tfoot', {}, h('tr', {}, h('th', {scope: 'row', colspan: 4}, t('partner_fu.pay_total', {n: fmtNumber(ready.length)})),
      h('td', {class: 'num', 'data-label': t('partner_fu.amount')}, rupiah(sum.toString()))))));
}

export async function render(main) {
  const units = await getAll('/units', {}, 5).catch(() => []);
  const month = h('input', {type: 'month', name: 'month', value: thisMonth()});
  const payBox = h('div', {'aria-live': 'polite'});
  let rows = [];
  const fetchRows = async () => {
    rows = (await get(CONTRACTS + qs({month: month.value, per_page: 200}))).items;
    clear(payBox);
    payBox.append(paymentTable(rows));
    return rows;
  };
  let loader = localLoader(fetchRows, ['partner_name', 'nik']);
  let view;
  const reload = () => { loader = localLoader(fetchRows, ['partner_name', 'nik']); view.reload(); };
  view = listView({
    searchPlaceholder: 'partner_fu.search_placeholder',
    filters: [{name: 'unit_id', label: 'partner.f.unit_id', options: units.map((u) => ({value: u.id, label: u.name}))}],
    empty: 'partner_fu.none',
    columns: [
      {label: 'partner_fu.partner', render: (c) => h('span', {}, c.partner_name, h('br'), h('span', {class: 'muted small mono'}, c.nik))},
      {label: 'partner_asg.month', render: (c) => monthLabel(c.month)},
      {label: 'partner_fu.total', render: (c) => rupiah(c.total)},
      {label: 'partner_fu.documents', render: (c) => docsCell(c, reload)},
      {label: 'partner_fu.missing', render: (c) => missingCell(c)},
    ],
    load: (p) => loader(p),
  });
  month.addEventListener('change', reload);
  main.append(partnerNav('followup'), pageHeader('partner_fu.title'),
    h('p', {class: 'lead'}, t('partner_fu.intro')),
    h('div', {class: 'card toolbar'}, field('partner_asg.month', month)),
    view,
    h('section', {class: 'card', id: 'payments'}, h('h2', {}, t('partner_fu.pay_title')), h('p', {class: 'hint'}, t('partner_fu.pay_hint')), payBox));
}
