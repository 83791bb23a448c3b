// Partner administration (mitra, issue #17): who may use it, its tab bar,
// and the few formats every page of it shares — rupiah in whole numbers,
// months as YYYY-MM, the NIK check the server also makes.
import {h} from './dom.js';
import {qs} from './api.js';
import {t, currentLang} from './i18n.js';
import {session, isAdmin} from './session.js';

// Admins, and agents an admin gave the partner_admin permission: the
// server says so in /me and the login answer (uses_partners, core/perm.c).
// Requesters never: the menu entry and the pages do not exist for them.
export function canPartners() {
  const u = session.user;
  if (!u) return false;
  if (typeof u.uses_partners === 'boolean') return u.uses_partners;
  return isAdmin() || (u.role === 'agent' && u.partner_admin === true && !!u.unit_id);
}

export const PARTNER_TABS = [
  ['partners', '#/partners', 'partner.tab_partners'],
  ['activities', '#/partner-activities', 'partner.tab_activities'],
  ['assignments', '#/partner-assignments', 'partner.tab_assignments'],
  ['followup', '#/partner-followup', 'partner.tab_followup'],
  ['letters', '#/partner-letters', 'partner.tab_letters'],
  ['reports', '#/partner-reports', 'partner.tab_reports'],
  ['settings', '#/partner-letter-settings', 'partner.tab_settings'],
];

export function partnerNav(current) {
  const nav = h('nav', {class: 'tabs partner-tabs', 'aria-label': t('partner.menu')});
  for (const [id, href, key] of PARTNER_TABS) {
    nav.append(h('a', {href, 'aria-current': id === current ? 'page' : null}, t(key)));
  }
  return nav;
}

// The same list as a file for the finance office: ?format=csv|xlsx|pdf.
export function fileLinks(path, params) {
  return h('div', {class: 'actions file-links'}, ...['csv', 'xlsx', 'pdf'].map((f) => h('a', {class: 'btn small',
    href: '/api/v1' + path + qs({...params, format: f}), download: ''}, t('partner.download', {format: f.toUpperCase()}))));
}

// Whole rupiah: the server's integers are grouped by string, never through
// floating point, so 999.999.999.999 prints exactly. "Rp 1.048.000".
export function rupiah(n) {
  if (n === null || n === undefined || n === '') return '—';
  let s = String(n);
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  const sep = currentLang() === 'en' ? ',' : '.';
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return (neg ? '-' : '') + 'Rp ' + grouped;
}

// volume × unit_rate in whole rupiah, as the server computes it (BigInt, so
// no rounding at any size); null when the volume is not a whole number.
export function feeOf(volume, rate) {
  const v = String(volume ?? '').trim();
  if (!/^\d+$/.test(v) || rate === null || rate === undefined) return null;
  return (BigInt(v) * BigInt(rate)).toString();
}

// "2025-03" → "Maret 2025"
export function monthLabel(ym) {
  if (!/^\d{4}-\d{2}$/.test(ym || '')) return ym || '—';
  const [y, m] = ym.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'id-ID',
    {month: 'long', year: 'numeric', timeZone: 'UTC'}).format(Date.UTC(y, m - 1, 1));
}

// "2026-03-01" → "1 Mar 2026" (a calendar day, no time zone to shift it)
export function dayLabel(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '—';
  return new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'id-ID',
    {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'}).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

// The months (YYYY-MM) an activity's period touches, in order.
export function monthsOf(start, end) {
  const out = [];
  if (!/^\d{4}-\d{2}/.test(start || '') || !/^\d{4}-\d{2}/.test(end || '')) return out;
  let [y, m] = start.slice(0, 7).split('-').map(Number);
  const [ey, em] = end.slice(0, 7).split('-').map(Number);
  while ((y < ey || (y === ey && m <= em)) && out.length < 120) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

export function thisMonth() {
  const d = new Date(Date.now() + 7 * 3600 * 1000); // WIB
  return d.toISOString().slice(0, 7);
}

// NIK as the server checks it (core/fee.c fee_nik_problem): 16 digits, a
// province code, regency and district not 00, a birth date DDMMYY (women:
// day + 40; a day valid in 19YY or 20YY will do), a serial not 0000.
// Returns the problem as a message key, or null when it is fine.
const PROVINCES = [[11, 19], [21, 21], [31, 36], [51, 53], [61, 65], [71, 76], [81, 82], [91, 96]];
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function nikProblem(nik) {
  const s = String(nik || '').trim();
  if (!s) return 'error.required';
  if (!/^\d{16}$/.test(s)) return 'partner.nik_16';
  const n = (i, len) => Number(s.slice(i, i + len));
  if (!PROVINCES.some(([a, b]) => n(0, 2) >= a && n(0, 2) <= b)) return 'partner.nik_province';
  if (n(2, 2) === 0 || n(4, 2) === 0) return 'partner.nik_region';
  let d = n(6, 2);
  const m = n(8, 2), yy = n(10, 2);
  if (d > 40) d -= 40;
  if (m < 1 || m > 12 || d < 1 || d > Math.max(daysIn(1900 + yy, m), daysIn(2000 + yy, m))) return 'partner.nik_birth';
  if (n(12, 4) === 0) return 'partner.nik_serial';
  return null;
}
