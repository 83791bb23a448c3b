// Numbers, dates and durations on the report pages (issue #20 item 9): one
// place for the rules, in the UI language through Intl (id-ID: 1.234,
// 100,0%, 7 Des 2026; en-GB otherwise), with a dash for a figure that has
// no data and "< 1 menit" for a duration that rounds to nothing (a median of
// 0 m read as a bug).
import {t, fmtNumber, fmtDate, currentLang} from './i18n.js';

const missing = (v) => v === null || v === undefined || Number.isNaN(v);
const locale = () => (currentLang() === 'en' ? 'en-GB' : 'id-ID');

// 1234 → 1.234 (id); digits after the decimal comma.
export function num(v, digits = 0) {
  return missing(v) ? '—' : fmtNumber(v, digits);
}

// 0.953 (a share) → 95,3% (id).
export function pct(share, digits = 1) {
  return missing(share) ? '—' : new Intl.NumberFormat(locale(),
    {style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits}).format(share);
}

// Minutes (business minutes of the reports) in words: < 1 menit,
// 45 menit, 2 jam 5 menit, 3 hari 2 jam.
export function minutes(m) {
  if (missing(m)) return '—';
  const n = Math.round(m);
  if (n < 1) return t('rfmt.under_minute');
  const d = Math.floor(n / 1440);
  const h = Math.floor((n % 1440) / 60);
  const mm = n % 60;
  const parts = [];
  if (d) parts.push(t('rfmt.days', {n: fmtNumber(d)}));
  if (h) parts.push(t('rfmt.hours', {n: h}));
  if (mm && !d) parts.push(t('rfmt.minutes', {n: mm}));
  return parts.join(' ');
}

// 2026-03-05 (a report's day) → 5 Mar 2026; 2026-03 → Maret 2026.
export function period(key) {
  if (!key) return '—';
  const k = String(key);
  if (/^\d{4}-\d{2}$/.test(k)) {
    return new Intl.DateTimeFormat(locale(), {month: 'long', year: 'numeric', timeZone: 'UTC'})
      .format(new Date(k + '-01T00:00:00Z'));
  }
  return new Intl.DateTimeFormat(locale(), {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'})
    .format(new Date(k.slice(0, 10) + 'T00:00:00Z'));
}

// 5 Mar, for the axis of a daily chart.
export function dayShort(key) {
  return new Intl.DateTimeFormat(locale(), {day: 'numeric', month: 'short', timeZone: 'UTC'})
    .format(new Date(String(key).slice(0, 10) + 'T00:00:00Z'));
}

export {fmtDate as date};
