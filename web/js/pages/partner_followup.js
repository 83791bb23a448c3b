// Follow-through (tindak lanjut): per partner and month the documents'
// state — contract signed, surat tugas issued, BAST signed, terminated,
// paid — and what is still missing before the fee can be paid (seed 003:
// missing documents delay fees); then the payment list with bank accounts
// for the finance office.
import {h, clear} from '../dom.js';
import {t, fmtNumber} from '../i18n.js';
import {get, patch, getAll, qs} from '../api.js';
import {listView, localLoader, pageHeader, flash} from '../ui.js';
import {partnerNav, rupiah, monthLabel, thisMonth, fileLinks} from '../partner_common.js';

const CONTRACTS = '/contracts';
const STATES = ['contract_signed', 'bast_signed', 'terminated', 'paid'];

// What stands between a contract and its payment: the server's codes
// (GET /contracts "missing": contract_signed, surat_tugas_issued,
// bast_signed, bank_account, terminated) in words.
const missing = (c) => (c.missing || []).map((code) => t('partner_fu.miss.' + code, {n: c.surat_tugas_missing}));

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
  const issued = c.assignments - (c.surat_tugas_missing || 0);
  return h('div', {class: 'doc-states'},
    ...STATES.map((st) => stateToggle(c, st, reload)),
    h('span', {class: c.surat_tugas_missing > 0 ? 'badge miss' : 'badge done'},
      t('partner_fu.st_issued', {n: issued, of: c.assignments})));
}

function missingCell(c) {
  if (c.paid) return h('span', {class: 'badge done'}, t('partner_fu.paid'));
  const m = missing(c);
  if (!m.length) return h('span', {class: 'badge ready'}, t('partner_fu.ready'));
  return h('ul', {class: 'plain missing'}, m.map((x) => h('li', {}, x)));
}

// The payment list (GET /payments): contracts with nothing missing, with
// the bank accounts, searchable, and as CSV, XLSX or PDF for finance.
function paymentTable(res, month) {
  if (!res.items.length) return [h('p', {class: 'muted'}, t('partner_fu.pay_none'))];
  const view = listView({
    label: 'partner_fu.pay_title', searchPlaceholder: 'partner_fu.search_placeholder',
    columns: [
      {label: 'partner_fu.partner', render: (c) => c.partner_name},
      {label: 'partner.f.nik', render: (c) => h('span', {class: 'mono'}, c.nik)},
      {label: 'partner.f.bank_name', render: (c) => c.bank_name},
      {label: 'partner.f.bank_account', render: (c) => h('span', {class: 'mono'}, c.bank_account)},
      {label: 'partner_fu.amount', render: (c) => h('span', {class: 'num'}, rupiah(c.total))},
      {label: 'partner_fu.s.paid', render: (c) => t(c.paid ? 'common.yes' : 'common.no')},
    ],
    load: localLoader(async () => res.items, ['partner_name', 'nik', 'bank_name', 'bank_account']),
  });
  return [fileLinks('/payments', {month}), h('div', {id: 'payment-list'}, view,
    h('p', {class: 'pay-sum'}, t('partner_fu.pay_total', {n: fmtNumber(res.total), sum: rupiah(res.sum)})))];
}

export async function render(main) {
  const units = await getAll('/units', {}, 5).catch(() => []);
  const payBox = h('div', {'aria-live': 'polite'});
  // one month's contracts (and its payment list) fetched once, searched here
  let loaded = {month: null, load: null};
  const fetchMonth = (month) => async () => {
    const [contracts, pay] = await Promise.all([get(CONTRACTS + qs({month})), get('/payments' + qs({month}))]);
    clear(payBox);
    payBox.append(...paymentTable(pay, month));
    return contracts.items;
  };
  let view;
  const reload = () => { loaded = {month: null, load: null}; view.reload(); };
  view = listView({
    label: 'partner_fu.documents_title',
    searchPlaceholder: 'partner_fu.search_placeholder',
    initial: {month: thisMonth()},
    filters: [{name: 'month', label: 'partner_asg.month', type: 'month'},
      {name: 'unit_id', label: 'partner.f.unit_id', options: units.map((u) => ({value: u.id, label: u.name}))}],
    empty: 'partner_fu.none',
    columns: [
      {label: 'partner_fu.partner', render: (c) => h('span', {}, c.partner_name, h('br'), h('span', {class: 'muted small mono'}, c.nik))},
      {label: 'partner_asg.month', render: (c) => monthLabel(c.month)},
      {label: 'partner_fu.total', render: (c) => h('span', {class: 'num'}, rupiah(c.total))},
      {label: 'partner_fu.documents', render: (c) => docsCell(c, reload)},
      {label: 'partner_fu.missing', render: (c) => missingCell(c)},
    ],
    load: (p) => {
      if (!loaded.load || loaded.month !== p.month) {
        loaded = {month: p.month, load: localLoader(fetchMonth(p.month), ['partner_name', 'nik'])};
      }
      return loaded.load(p);
    },
  });
  main.append(partnerNav('followup'), pageHeader('partner_fu.title'),
    h('p', {class: 'lead'}, t('partner_fu.intro')), view,
    h('section', {class: 'card', id: 'payments'}, h('h2', {}, t('partner_fu.pay_title')),
      h('p', {class: 'hint'}, t('partner_fu.pay_hint')), payBox));
}
