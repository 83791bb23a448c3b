// The leaders' dashboard panel for appointments (issue #16): bookings,
// attendance, no-shows, cancellations and waiting times per service for the
// dashboard's period, from GET /api/v1/reports/appointments. Figures only:
// the report carries no names and no form answers. The chart is drawn in the
// page (report_chart.js, issue #20 item 9); the table under it holds the
// same numbers for reading exact values.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {errorBox} from '../ui.js';
import {reportChart} from '../report_chart.js';
import {num, minutes} from '../report_fmt.js';

function stat(key, value, id) {
  return h('div', {class: 'card stat', id}, h('p', {class: 'stat-label'}, t(key)), h('p', {class: 'stat-value'}, value));
}

const COLUMNS = [
  ['service', 'appt.col_service', (r) => r.service],
  ['bookings', 'appt.col_bookings', (r) => num(r.bookings)],
  ['served', 'appt.col_served', (r) => num(r.served)],
  ['no_show', 'appt.col_no_show', (r) => num(r.no_show)],
  ['cancelled', 'appt.col_cancelled', (r) => num(r.cancelled)],
  ['attendance_pct', 'appt.col_attendance', (r) => (r.attendance_pct === null ? '—' : num(r.attendance_pct, 1) + '%')],
  ['wait_median_minutes', 'appt.col_wait_median', (r) => minutes(r.wait_median_minutes)],
  ['wait_p90_minutes', 'appt.col_wait_p90', (r) => minutes(r.wait_p90_minutes)],
];

function table(rows) {
  const head = h('tr', {}, COLUMNS.map(([key, label]) => h('th', {scope: 'col', dataset: {col: key}}, t(label))));
  // data-label: on a phone the rows stack and each value says what it is (app.css)
  const body = rows.map((r) => h('tr', {}, COLUMNS.map(([key, label, cell], i) =>
    (i === 0 ? h('th', {scope: 'row'}, cell(r))
      : h('td', {class: 'num', 'data-label': t(label), dataset: {col: key}}, cell(r))))));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'appt-table'},
    h('caption', {class: 'muted appt-caption'}, t('appt.table_caption')), h('thead', {}, head), h('tbody', {}, body)));
}

// params: the dashboard's report parameters ({from, to} or {month}; a unit
// filter does not apply to bookings).
export function appointmentsPanel(params) {
  const p = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'unit_id'));
  const box = h('section', {class: 'card', id: 'appt-panel', 'aria-labelledby': 'appt-panel-title'},
    h('h2', {id: 'appt-panel-title'}, t('appt.dash_title')),
    h('p', {class: 'muted'}, t('appt.dash_note')));
  (async () => {
    try {
      const r = await get('/reports/appointments' + qs(p));
      if (!r.by_service.length) {
        box.append(h('p', {id: 'appt-empty'}, t('appt.dash_empty')));
        return;
      }
      box.append(
        h('div', {class: 'stats'},
          stat('appt.stat_bookings', num(r.bookings), 'appt-stat-bookings'),
          stat('appt.stat_served', num(r.served), 'appt-stat-served'),
          stat('appt.stat_no_show', num(r.no_show), 'appt-stat-no-show'),
          stat('appt.stat_cancelled', num(r.cancelled), 'appt-stat-cancelled'),
          stat('appt.stat_wait_median', minutes(r.wait_median_minutes), 'appt-stat-wait-median'),
          stat('appt.stat_wait_p90', minutes(r.wait_p90_minutes), 'appt-stat-wait-p90')),
        reportChart({id: 'appt-chart', key: 'appointments', kind: 'bars', title: t('appt.chart_alt'),
          categoryLabel: t('appt.col_service'), labels: r.by_service.map((x) => x.service),
          series: [{name: t('appt.col_bookings'), values: r.by_service.map((x) => x.bookings)},
            {name: t('appt.col_served'), values: r.by_service.map((x) => x.served)}]}),
        table(r.by_service));
    } catch (e) {
      box.append(errorBox(e));
    }
  })();
  return box;
}
