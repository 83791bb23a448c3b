// The leaders' dashboard panel "time waiting on the requester per unit"
// (issue #21 item 9, seed 001: how fast each requesting unit answers
// clarification questions), from GET /api/v1/reports/waiting for the
// dashboard's period and unit. The chart (median minutes per unit) is
// drawn in the page (report_chart.js); the table holds the exact numbers.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {errorBox} from '../ui.js';
import {reportChart} from '../report_chart.js';
import {num, minutes as dur} from '../report_fmt.js';

// A figure card (also the rejections panel's).
export function stat(key, value, id) {
  return h('div', {class: 'card stat', id}, h('p', {class: 'stat-label'}, t(key)), h('p', {class: 'stat-value'}, value));
}

const COLUMNS = [
  ['unit', 'rep21.col_unit', (r) => (r.unit_id === null ? t('rep21.no_unit') : r.unit)],
  ['tickets', 'rep21.col_tickets', (r) => num(r.tickets)],
  ['tickets_waited', 'rep21.col_waited', (r) => num(r.tickets_waited)],
  ['rounds', 'rep21.col_rounds', (r) => num(r.rounds)],
  ['answered', 'rep21.col_answered', (r) => num(r.answered)],
  ['waiting_now', 'rep21.col_waiting_now', (r) => num(r.waiting_now)],
  ['total_minutes', 'rep21.col_total', (r) => (r.rounds ? dur(r.total_minutes) : '—')],
  ['median_minutes', 'rep21.col_median', (r) => dur(r.median_minutes)],
  ['mean_minutes', 'rep21.col_mean', (r) => dur(r.mean_minutes === null ? null : Math.round(r.mean_minutes))],
];

function table(rows) {
  const head = h('tr', {}, COLUMNS.map(([key, label]) => h('th', {scope: 'col', dataset: {col: key}}, t(label))));
  const body = rows.map((r) => h('tr', {}, COLUMNS.map(([key, label, cell], i) =>
    (i === 0 ? h('th', {scope: 'row'}, cell(r))
      : h('td', {class: 'num', 'data-label': t(label), dataset: {col: key}}, cell(r))))));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'waiting-table'},
    h('caption', {class: 'muted rep21-caption'}, t('rep21.waiting_caption')), h('thead', {}, head), h('tbody', {}, body)));
}

// params: the dashboard's report parameters ({from, to} or {month}, unit_id).
export function waitingPanel(params) {
  const box = h('section', {class: 'card', id: 'waiting-panel', 'aria-labelledby': 'waiting-panel-title'},
    h('h2', {id: 'waiting-panel-title'}, t('rep21.waiting_title')),
    h('p', {class: 'muted'}, t('rep21.waiting_note')));
  (async () => {
    try {
      const r = await get('/reports/waiting' + qs(params));
      if (!r.rows.length) {
        box.append(h('p', {id: 'waiting-empty'}, t('rep21.waiting_empty')));
        return;
      }
      const unitName = (x) => (x.unit_id === null ? t('rep21.no_unit') : x.unit);
      box.append(
        h('div', {class: 'stats'},
          stat('rep21.stat_rounds', num(r.rounds), 'waiting-stat-rounds'),
          stat('rep21.stat_median', dur(r.median_minutes), 'waiting-stat-median'),
          stat('rep21.stat_waiting_now', num(r.waiting_now), 'waiting-stat-now')),
        reportChart({id: 'waiting-chart', key: 'waiting', kind: 'bars', title: t('rep21.waiting_chart_alt'),
          categoryLabel: t('rep21.col_unit'), labels: r.rows.map(unitName),
          series: [{name: t('rep21.col_median'), values: r.rows.map((x) => x.median_minutes || 0)}]}),
        table(r.rows));
    } catch (e) {
      box.append(errorBox(e));
    }
  })();
  return box;
}
