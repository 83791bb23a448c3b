// Message catalogue: every visible text comes from web/i18n/<lang>.json.
// t('key', {n: 3}) fills {n}; a missing key shows the key itself so gaps
// are visible rather than silently blank.
let lang = 'id';
let messages = {};
const listeners = [];

export const LANGS = ['id', 'en'];

export function currentLang() { return lang; }

export async function loadLang(wanted) {
  const l = LANGS.includes(wanted) ? wanted : 'id';
  const r = await fetch(`/i18n/${l}.json`, {credentials: 'same-origin'});
  messages = await r.json();
  lang = l;
  document.documentElement.lang = l;
  try { localStorage.setItem('loket.lang', l); } catch (e) { /* private mode */ }
  applyStatic(document);
  listeners.forEach((f) => f(l));
}

export function hasSavedLang() {
  try { return !!localStorage.getItem('loket.lang'); } catch (e) { return false; }
}

export function savedLang() {
  try { return localStorage.getItem('loket.lang') || 'id'; } catch (e) { return 'id'; }
}

export function onLangChange(f) { listeners.push(f); }

export function t(key, vars) {
  let s = messages[key];
  if (s === undefined) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}

export function has(key) { return messages[key] !== undefined; }

// Static markup carries data-i18n (text) and data-i18n-<attr> (attributes).
export function applyStatic(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  });
}

export function fmtDate(iso, withTime = true) {
  if (!iso) return '—';
  const d = new Date(iso);
  const opts = withTime ? {dateStyle: 'medium', timeStyle: 'short'} : {dateStyle: 'medium'};
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', opts).format(d);
}

export function fmtNumber(n, digits = 0) {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID',
    {maximumFractionDigits: digits, minimumFractionDigits: digits}).format(n);
}

// Durations for SLA countdowns and reports: "2 hari 8 jam 20 menit"
// ("2 d 8 h 20 min" in English), the one unit formatter of the web app.
// parts: at most that many units from the largest (2 for short cells);
// zero units after the first are dropped ("3 jam", not "3 jam 0 menit").
export function fmtDuration(seconds, parts = 3) {
  const neg = seconds < 0;
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60);
  const units = [['time.days', d], ['time.hours', hh], ['time.minutes', mm]];
  const first = units.findIndex(([, n]) => n > 0);
  const shown = first < 0 ? [['time.minutes', 0]] : units.slice(first, first + parts);
  const out = shown.filter(([, n], i) => i === 0 || n > 0).map(([k, n]) => t(k, {n}));
  return (neg ? '-' : '') + out.join(' ');
}
