// The one place that talks to /api/v1: adds the CSRF token to unsafe
// requests, the UI language, and turns a 401 into a trip to the login page
// that comes back to where the user was.
import {currentLang} from './i18n.js';

let csrf = null;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.fields = e.fields || {};
    this.body = body; // the whole answer, for extra members (template.syntax: part, line, column)
  }
}

export function setCsrf(token) { csrf = token; }
export function setUnauthorizedHandler(f) { onUnauthorized = f; }

function headers(method, json) {
  const hd = {'Accept': 'application/json', 'Accept-Language': currentLang()};
  if (json) hd['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) hd['X-CSRF-Token'] = csrf;
  return hd;
}

export async function request(method, path, body, opts = {}) {
  const hd = headers(method, body !== undefined && !opts.type);
  if (opts.type) hd['Content-Type'] = opts.type; // a raw body (CSV import), sent as it is
  const r = await fetch('/api/v1' + path, {
    method, credentials: 'same-origin', headers: hd,
    body: body === undefined ? undefined : opts.type ? body : JSON.stringify(body),
  });
  let data = null;
  const text = await r.text();
  if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
  if (r.status === 401 && !opts.noRedirect) onUnauthorized();
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const get = (p, o) => request('GET', p, undefined, o);
export const post = (p, b, o) => request('POST', p, b === undefined ? {} : b, o);
export const patch = (p, b) => request('PATCH', p, b);
export const del = (p) => request('DELETE', p);
export const put = (p, b) => request('PUT', p, b);
export const postText = (p, text, type) => request('POST', p, text, {type});

// Query string from an object, skipping empty values.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') u.set(k, v);
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

// Every page of a list (for small master tables and summaries).
export async function getAll(path, params = {}, maxPages = 20) {
  const items = [];
  for (let page = 1; page <= maxPages; page++) {
    const r = await get(path + qs({...params, page, per_page: 200}));
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) break;
  }
  return items;
}

// multipart upload through XHR, the only browser API that reports upload
// progress; onProgress gets a fraction 0..1.
export function upload(path, file, onProgress, fields = {}) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1' + path);
    x.withCredentials = true;
    x.setRequestHeader('Accept-Language', currentLang());
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
    x.onload = () => {
      let data = null;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      if (x.status === 401) onUnauthorized();
      if (x.status >= 200 && x.status < 300) { if (onProgress) onProgress(1); resolve(data); }
      else reject(new ApiError(x.status, data));
    };
    x.onerror = () => reject(new ApiError(0, null));
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v); // before the file: read first
    fd.append('file', file, file.name);
    x.send(fd);
  });
}
