// Leaders' read-only dashboard: a period (from/to or a month) and unit
// filter that drive every figure and chart (all from /api/v1/reports, see
// data/summary.js), and exports of the summary (the recap report) and of
// the ticket list for that period as CSV, XLSX or PDF: POST /exports, then
// GET /exports/{id} is polled for the percent shown in a <progress> until
// the file can be downloaded.
// The charts are drawn in the page from the same report's numbers (the PDF
// draws them with cairo), with text of 12 px or more and a data table each
// (report_chart.js); numbers and durations in the UI language's format
// (report_fmt.js).
import {h, clear} from '../dom.js';
import {t, fmtDate, currentLang} from '../i18n.js';
import {getAll} from '../api.js';
import {reportChart} from '../report_chart.js';
import {num, pct, minutes, period, dayShort} from '../report_fmt.js';
import {exportRow} from '../export_job.js';
import {loadSummary, reportParams, todayWib} from '../data/summary.js';
import {pageHeader, field, errorBox} from '../ui.js';
import {appointmentsPanel} from './dashboard_appt.js';
import {waitingPanel} from './dashboard_waiting.js';
import {ticketExportButton} from './dashboard_export.js';
import {rejectionsPanel} from './dashboard_rejections.js';
import {surveyPanel} from './dashboard_survey.js';
import {pickerSelect} from '../picker.js';

const FORMATS = ['csv', 'xlsx', 'pdf'];
const REPORTS = [['recap', 'dash.export_summary'], ['tickets', 'dash.export_tickets'],
  ['appointments', 'appt.export_report'], ['waiting', 'rep21.export_waiting'],
  ['rejections', 'rep21.export_rejections']];

function stat(key, value, id) {
  return h('div', {class: 'card stat', id}, h('p', {class: 'stat-label'}, t(key)), h('p', {class: 'stat-value'}, value));
}

// The period in the UI language (the report's own title is Indonesian).
function periodText(f) {
  if (f.month) {
    const name = new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'id-ID', {month: 'long', year: 'numeric', timeZone: 'UTC'})
      .format(new Date(f.month + '-01T00:00:00Z'));
    return t('dash.period_month', {month: name});
  }
  const day = (d) => fmtDate(d + 'T00:00:00Z', false);
  if (f.from && f.to) return t('dash.period_range', {from: day(f.from), to: day(f.to)});
  if (f.from) return t('dash.period_since', {from: day(f.from)});
  if (f.to) return t('dash.period_until', {to: day(f.to)});
  return t('dash.period_all');
}

// A chart card: its heading once (the chart draws no title), the chart and
// its table, or a line saying there is nothing to chart.
function chartCard(key, c) {
  const title = t(key);
  const empty = !c.labels.length || c.series.every((x) => x.values.every((v) => !v));
  return h('section', {class: 'card chart-card', id: c.id + '-card'}, h('h2', {}, title),
    empty ? h('p', {class: 'muted rchart-empty'}, t('rep20.no_data')) : reportChart({...c, title}));
}

function bars(key, id, rows, labelOf = (r) => r.label) {
  return chartCard(key, {key: id, id: 'chart-' + id, kind: 'bars', categoryLabel: t('rep20.category'),
    labels: rows.map(labelOf), series: [{name: t('rep20.tickets'), values: rows.map((r) => r.count)}]});
}

function figures(s, f) {
  const avg = s.rating === null ? '—' : num(s.rating, 1) + ' / 5';
  const open = s.status.rows.filter((r) => ['new', 'in_progress', 'waiting'].includes(r.key)).reduce((a, r) => a + r.count, 0);
  const cvr = s.createdVsResolved;
  const cvrKey = cvr.interval === 'day' ? 'dash.created_vs_resolved' : 'dash.created_vs_resolved_month';
  const cards = [
    bars('dash.by_status', 'status', s.status.rows),
    bars('dash.by_unit', 'unit', s.unit.rows),
    bars('dash.by_service', 'service', s.service.rows),
    bars('dash.by_month', 'month', s.month.rows, (r) => period(r.key)),
    // every day (or month) of the chart's own period, a 0 where nothing happened
    chartCard(cvrKey, {key: 'series', id: 'chart-series', kind: 'lines', categoryLabel: t('rep20.period'),
      labels: cvr.keys.map(period), ticks: cvr.keys.map(cvr.interval === 'day' ? dayShort : period),
      series: [{name: t('rep20.created'), values: cvr.created}, {name: t('rep20.resolved'), values: cvr.resolved}]}),
  ];
  return [
    // shown on paper only (print.css): who and which period, on every printout
    h('div', {class: 'print-header', id: 'print-header'}, h('p', {class: 'print-org'}, s.org || ''),
      h('p', {class: 'print-title'}, t('dash.title') + ' — ' + periodText(f))),
    h('p', {class: 'muted', id: 'dash-period'}, t('dash.period_label', {period: periodText(f)})),
    h('div', {class: 'stats'},
      stat('dash.total', num(s.total), 'stat-total'),
      stat('dash.open', num(open), 'stat-open'),
      stat('dash.sla', pct(s.sla, 1), 'stat-sla'),
      stat('dash.rating', avg, 'stat-rating'),
      stat('dash.median_resolution', minutes(s.medianResolution), 'stat-resolution')),
    h('div', {class: 'chart-grid'}, cards),
  ];
}

// One export: queued, polled until done (or failed), then a download link.
function runExport(list, report, labelKey, format, filters) {
  exportRow(list, t('dash.export_item', {what: t(labelKey), format: format.toUpperCase()}),
    {report, format, filters}, {attrs: {dataset: {report, format}}});
}

function exportsCard(filters) {
  const list = h('ul', {class: 'export-list', id: 'export-list', 'aria-live': 'polite'});
  const rows = REPORTS.map(([report, key]) => h('div', {class: 'actions'}, h('span', {class: 'export-label'}, t(key)),
    FORMATS.map((f) => h('button', {type: 'button', class: 'btn small', dataset: {report, format: f},
      onclick: () => runExport(list, report, key, f, reportParams(filters()))}, f.toUpperCase()))));
  return h('section', {class: 'card', id: 'exports'}, h('h2', {}, t('dash.exports')), rows,
    ticketExportButton(list, () => reportParams(filters())), list);
}

export async function render(main) {
  const units = await getAll('/units', {}, 5).catch(() => []);
  const from = h('input', {type: 'date', name: 'from', max: todayWib()});
  const to = h('input', {type: 'date', name: 'to', max: todayWib()});
  const month = h('input', {type: 'month', name: 'month', max: todayWib().slice(0, 7)});
  const unit = pickerSelect({name: 'unit_id'}, units.map((u) => ({value: u.id, label: u.name})), '', t('dash.all_units'));
  const filters = () => ({from: from.value, to: to.value, month: month.value, unit_id: unit.value});
  const body = h('div', {id: 'dash-body', 'aria-live': 'polite'});
  let seq = 0;
  async function load() {
    const my = ++seq;
    body.setAttribute('aria-busy', 'true');
    try {
      const f = filters();
      const s = await loadSummary(f);
      if (my !== seq) return;
      clear(body);
      body.append(...figures(s, f), appointmentsPanel(reportParams(f)), waitingPanel(reportParams(f)),
        rejectionsPanel(reportParams(f)), surveyPanel(reportParams(f)));
    } catch (e) {
      if (my !== seq) return;
      clear(body);
      body.append(errorBox(e));
    } finally {
      if (my === seq) body.removeAttribute('aria-busy');
    }
  }
  // A month and a from/to range exclude each other.
  month.addEventListener('change', () => { if (month.value) { from.value = ''; to.value = ''; } load(); });
  for (const d of [from, to]) d.addEventListener('change', () => { if (d.value) month.value = ''; load(); });
  unit.addEventListener('change', load);
  const clearBtn = h('button', {type: 'button', class: 'btn', id: 'dash-clear', onclick: () => {
    from.value = ''; to.value = ''; month.value = ''; unit.value = ''; load();
  }}, t('dash.clear_filters'));
  const bar = h('form', {class: 'toolbar card', role: 'search', id: 'dash-filters', onsubmit: (e) => e.preventDefault()},
    field('dash.from', from), field('dash.to', to), field('dash.month', month), field('dash.unit', unit),
    h('div', {class: 'field'}, clearBtn));
  main.append(pageHeader('dash.title', h('a', {href: '#/report-subscriptions', class: 'btn', id: 'dash-subscriptions'},
    t('sched.link'))), bar, body, exportsCard(filters));
  await load();
}
