// Dashboard data: from /api/v1/reports when the server has it, else a
// summary of the ticket list made in the browser; every function returns the shape of
// GET /api/v1/reports/summary?group_by=... ({group_by, rows:[{key,label,count}], total})
// so switching to the server is a change in this one module (see
// useReports below).
import {get, getAll, qs} from '../api.js';
import {t} from '../i18n.js';

const MAX_PAGES = 25; // 5000 tickets; beyond that the reports API is needed

async function reportsAvailable() {
  try { await get('/reports/summary?group_by=status', {noRedirect: true}); return true; } catch (e) { return false; }
}

export async function loadSummary(filters = {}) {
  if (await reportsAvailable()) {
    const g = (by) => get('/reports/summary' + qs({...filters, group_by: by}));
    const [status, unit, service, month] = await Promise.all([g('status'), g('unit'), g('service'), g('month')]);
    const days = lastDays(30);
    const [sla, rating, series] = await Promise.all([
      get('/reports/sla' + qs(filters)).catch(() => null),
      get('/reports/ratings' + qs(filters)).catch(() => null),
      get('/reports/series' + qs({...filters, interval: 'day', from: days[0]})).catch(() => null)]);
    // /reports/sla counts met, breached and running; compliance is met over decided
    const decided = sla ? sla.met + sla.breached : 0;
    const byDay = new Map(((series && series.rows) || []).map((r) => [String(r.period).slice(0, 10), r]));
    return {source: 'reports', status, unit, service, month, total: status.total,
      sla: decided ? sla.met / decided : null,
      rating: rating && rating.rating_count ? rating.rating_mean : null,
      ratedCount: rating ? rating.rating_count : 0,
      createdVsResolved: {days,
        created: days.map((d) => (byDay.get(d) ? byDay.get(d).created : 0)),
        resolved: days.map((d) => (byDay.get(d) ? byDay.get(d).resolved : 0))}};
  }
  const tickets = await getAll('/tickets', filters, MAX_PAGES);
  return summarise(tickets);
}

function group(tickets, by, keyOf, labelOf) {
  const m = new Map();
  for (const tk of tickets) {
    const k = keyOf(tk);
    if (!m.has(k)) m.set(k, {key: k, label: labelOf(tk), count: 0});
    m.get(k).count += 1;
  }
  const rows = [...m.values()].sort((a, b) => b.count - a.count);
  return {group_by: by, rows, total: tickets.length};
}

const day = (iso) => iso.slice(0, 10);

// The last n days as YYYY-MM-DD, oldest first.
function lastDays(n) {
  const days = [];
  const now = new Date();
  for (let i = n - 1; i >= 0; i--) days.push(new Date(now.getTime() - i * 86400000).toISOString().slice(0, 10));
  return days;
}

export function summarise(tickets) {
  const status = group(tickets, 'status', (x) => x.status, (x) => t('status.' + x.status));
  const unit = group(tickets, 'unit', (x) => x.unit_id, (x) => x.unit_name || '—');
  const service = group(tickets, 'service', (x) => x.service_id, (x) => (x.service ? x.service.name : '—'));
  const done = tickets.filter((x) => x.resolved_at);
  const onTime = done.filter((x) => !(x.sla && x.sla.resolution_breached));
  const rated = tickets.filter((x) => x.rating);
  // created vs resolved per day over the last 30 days
  const days = lastDays(30);
  const created = Object.fromEntries(days.map((d) => [d, 0]));
  const resolved = Object.fromEntries(days.map((d) => [d, 0]));
  for (const x of tickets) {
    if (day(x.created_at) in created) created[day(x.created_at)] += 1;
    if (x.resolved_at && day(x.resolved_at) in resolved) resolved[day(x.resolved_at)] += 1;
  }
  return {
    source: 'tickets', total: tickets.length, status, unit, service,
    sla: done.length ? onTime.length / done.length : null,
    rating: rated.length ? rated.reduce((s, x) => s + x.rating, 0) / rated.length : null,
    ratedCount: rated.length,
    createdVsResolved: {days, created: days.map((d) => created[d]), resolved: days.map((d) => resolved[d])},
  };
}
