// Dashboard data from the reports API: GET /api/v1/reports/recap (the
// monthly recap report, for any period) carries every figure the dashboard
// shows, so the screen and the recap export (CSV/XLSX/PDF) print the same
// numbers; tickets per month come from /reports/summary?group_by=month.
// filters: {from, to, month, unit_id}; the server's dates are WIB days.
import {get, qs} from '../api.js';
import {t} from '../i18n.js';

const DAY = 86400000;
const MAX_DAYS = 62; // longer periods are charted per month

// Today in WIB (Asia/Jakarta) as YYYY-MM-DD: the server counts days there.
export function todayWib() {
  return new Date().toLocaleDateString('en-CA', {timeZone: 'Asia/Jakarta'});
}

const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * DAY).toISOString().slice(0, 10);

// The days the created-vs-resolved chart covers, oldest first.
function chartDays(f) {
  let first;
  let last;
  if (f.month) {
    first = f.month + '-01';
    const [y, m] = f.month.split('-').map(Number);
    last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  } else if (f.from) {
    first = f.from;
    last = f.to || todayWib();
  } else {
    last = f.to || todayWib();
    first = addDays(last, -29);
  }
  const days = [];
  for (let d = first; d <= last && days.length < 3700; d = addDays(d, 1)) days.push(d);
  return days;
}

// The created-vs-resolved chart's query: its days, by month past MAX_DAYS.
function seriesQuery(f) {
  const days = chartDays(f);
  return {interval: days.length > MAX_DAYS ? 'month' : 'day', from: days[0], to: days[days.length - 1]};
}

// Periods without tickets: a 0 (the server fills them too; older rows may not).
function createdVsResolved(f, rows) {
  let keys = chartDays(f);
  let keyOf = (p) => String(p).slice(0, 10);
  let interval = 'day';
  if (keys.length > MAX_DAYS) {
    interval = 'month';
    keys = [...new Set(keys.map((d) => d.slice(0, 7)))];
    keyOf = (p) => String(p).slice(0, 7);
  }
  const sum = new Map(keys.map((k) => [k, {created: 0, resolved: 0}]));
  for (const r of rows || []) {
    const s = sum.get(keyOf(r.period));
    if (s) { s.created += r.created; s.resolved += r.resolved; }
  }
  const days = chartDays(f);
  return {interval, keys, created: keys.map((k) => sum.get(k).created), resolved: keys.map((k) => sum.get(k).resolved),
    query: {interval, from: days[0], to: days[days.length - 1]}};
}

// The report's query parameters for the filters (month wins over from/to).
export function reportParams(f) {
  const p = f.month ? {month: f.month, unit_id: f.unit_id} : {from: f.from, to: f.to, unit_id: f.unit_id};
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v));
}

export async function loadSummary(filters = {}) {
  const p = reportParams(filters);
  // the series of the chart's own days (30 by default), not the recap's period
  const [recap, month, series] = await Promise.all([
    get('/reports/recap' + qs(p)), get('/reports/summary' + qs({...p, group_by: 'month'})),
    get('/reports/series' + qs({...seriesQuery(filters), unit_id: p.unit_id}))]);
  const rows = (list) => ({rows: list || []});
  const decided = recap.met + recap.breached;
  const resolution = (recap.times || []).find((x) => x.metric === 'resolution');
  return {
    org: recap.org_name,
    total: recap.total,
    status: {rows: (recap.by_status || []).map((r) => ({...r, label: t('status.' + r.key)}))},
    unit: rows(recap.by_unit),
    service: rows(recap.by_service),
    month,
    sla: decided ? recap.met / decided : null,
    rating: recap.rating_count ? recap.rating_mean : null,
    ratedCount: recap.rating_count,
    medianResolution: resolution && resolution.median_minutes !== null ? resolution.median_minutes : null,
    createdVsResolved: createdVsResolved(filters, series.rows),
  };
}
