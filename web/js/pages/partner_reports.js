// Partner reports (laporan): each partner's fees in a month against the
// monthly ceiling (GET /reports/partner-fees), and each activity's spending
// against its budget, realisation against pagu (GET
// /reports/activity-budgets); both searchable here and as CSV, XLSX or PDF.
import {h, clear} from '../dom.js';
import {t, fmtNumber} from '../i18n.js';
import {get, qs} from '../api.js';
import {listView, localLoader, pageHeader} from '../ui.js';
import {partnerNav, rupiah, thisMonth, fileLinks} from '../partner_common.js';

// A list of one report, fetched once per period (the filter named `key`)
// and searched here; the file links follow the period.
function reportList({path, key, initial, fields, label, columns, empty, inputType}) {
  const files = h('div');
  let loaded = {period: null, load: null};
  const view = listView({
    label, empty, columns,
    searchPlaceholder: 'partner_rep.search_placeholder',
    initial: {[key]: initial},
    filters: [{name: key, label: 'partner_rep.' + key, type: inputType}],
    load: (p) => {
      const period = p[key];
      if (!loaded.load || loaded.period !== period) {
        loaded = {period, load: localLoader(async () => (await get(path + qs({[key]: period}))).rows, fields)};
        clear(files);
        if (period) files.append(fileLinks(path, {[key]: period}));
      }
      // the period picked the rows already: not a column to filter on
      const {[key]: _, ...rest} = p;
      return loaded.load(rest);
    },
  });
  return [files, view];
}

function feesCard() {
  const over = (r) => r.over ? h('span', {class: 'badge miss'}, t('partner_rep.over')) : null;
  return h('section', {class: 'card', id: 'report-fees'}, h('h2', {}, t('partner_rep.fees_title')),
    h('p', {class: 'hint'}, t('partner_rep.fees_hint')),
    ...reportList({
      path: '/reports/partner-fees', key: 'month', inputType: 'month', initial: thisMonth(),
      fields: ['name', 'nik', 'unit_name'], label: 'partner_rep.fees_title', empty: 'partner_rep.none',
      columns: [
        {label: 'partner_fu.partner', render: (r) => h('span', {}, r.name, h('br'), h('span', {class: 'muted small mono'}, r.nik))},
        {label: 'partner.f.unit_id', render: (r) => r.unit_name},
        {label: 'partner_rep.total', render: (r) => h('span', {class: 'num'}, rupiah(r.total))},
        {label: 'partner_rep.ceiling', render: (r) => h('span', {class: 'num'}, rupiah(r.ceiling))},
        {label: 'partner_rep.remaining', render: (r) => h('span', {class: 'num'}, rupiah(r.remaining), ' ', over(r))},
      ],
    }));
}

function budgetsCard() {
  const bar = (r) => h('span', {class: 'use'}, h('progress', {max: 100, value: Math.min(100, r.percent),
    'aria-label': t('partner_rep.used_of', {code: r.code})}), ' ', fmtNumber(r.percent, 1) + '%');
  return h('section', {class: 'card', id: 'report-budgets'}, h('h2', {}, t('partner_rep.budgets_title')),
    h('p', {class: 'hint'}, t('partner_rep.budgets_hint')),
    ...reportList({
      path: '/reports/activity-budgets', key: 'year', inputType: 'number', initial: thisMonth().slice(0, 4),
      fields: ['code', 'name'], label: 'partner_rep.budgets_title', empty: 'partner_rep.none',
      columns: [
        {label: 'partner_act.code', render: (r) => h('span', {class: 'mono'}, r.code)},
        {label: 'partner_act.name', render: (r) => r.name},
        {label: 'partner_act.budget_col', render: (r) => h('span', {class: 'num'}, rupiah(r.budget))},
        {label: 'partner_rep.used', render: (r) => h('span', {class: 'num'}, rupiah(r.used))},
        {label: 'partner_rep.remaining', render: (r) => h('span', {class: 'num'}, rupiah(r.remaining))},
        {label: 'partner_rep.percent', render: bar},
      ],
    }));
}

export async function render(main) {
  main.append(partnerNav('reports'), pageHeader('partner_rep.title'), feesCard(), budgetsCard());
}
