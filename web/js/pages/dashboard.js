// Leaders' read-only dashboard: tickets by status, unit and service, SLA
// compliance, average rating and created-vs-resolved over 30 days.
import {h} from '../dom.js';
import {t, fmtNumber} from '../i18n.js';
import {loadSummary} from '../data/summary.js';
import {bars, lines, legend} from '../chart.js';
import {pageHeader} from '../ui.js';

function stat(key, value, id) {
  return h('div', {class: 'card stat', id}, h('p', {class: 'stat-label'}, t(key)), h('p', {class: 'stat-value'}, value));
}

export async function render(main) {
  const s = await loadSummary();
  const pct = s.sla === null ? '—' : fmtNumber(s.sla * 100, 0) + '%';
  const avg = s.rating === null ? '—' : fmtNumber(s.rating, 1) + ' / 5';
  const open = s.status.rows.filter((r) => ['new', 'in_progress', 'waiting'].includes(r.key)).reduce((a, r) => a + r.count, 0);
  const chartCard = (key, node) => h('section', {class: 'card chart-card'}, h('h2', {}, t(key)), node);
  const cards = [
    chartCard('dash.by_status', bars(s.status.rows, {title: t('dash.by_status')})),
    chartCard('dash.by_unit', bars(s.unit.rows, {title: t('dash.by_unit')})),
    chartCard('dash.by_service', bars(s.service.rows, {title: t('dash.by_service')})),
  ];
  if (s.month) cards.push(chartCard('dash.by_month', bars(s.month.rows, {title: t('dash.by_month'), max: 12})));
  if (s.createdVsResolved) {
    const series = [{name: t('dash.created'), values: s.createdVsResolved.created},
      {name: t('dash.resolved'), values: s.createdVsResolved.resolved}];
    const labels = s.createdVsResolved.days.map((d) => d.slice(8, 10) + '/' + d.slice(5, 7));
    cards.push(chartCard('dash.created_vs_resolved', h('div', {}, lines(labels, series, {title: t('dash.created_vs_resolved')}), legend(series))));
  }
  main.append(pageHeader('dash.title'),
    h('p', {class: 'muted'}, t(s.source === 'reports' ? 'dash.source_reports' : 'dash.source_tickets')),
    h('div', {class: 'stats'},
      stat('dash.total', fmtNumber(s.total), 'stat-total'),
      stat('dash.open', fmtNumber(open), 'stat-open'),
      stat('dash.sla', pct, 'stat-sla'),
      stat('dash.rating', avg, 'stat-rating')),
    h('div', {class: 'chart-grid'}, cards));
}
