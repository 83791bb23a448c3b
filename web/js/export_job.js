// One export job followed to its end: POST /exports queues it, GET
// /exports/{id} is polled for the percent until it is done or failed.
// The dashboard's exports and the bulk letters both go through here.
import {h, clear} from './dom.js';
import {get, post} from './api.js';
import {t, fmtNumber} from './i18n.js';
import {errorBox} from './ui.js';

const POLL_MS = 400;

// body: {report, format, filters}. show(job) after each answer; alive()
// false stops polling (the page was left) and resolves to null.
export async function followExport(body, show, alive) {
  let job = await post('/exports', body);
  show(job);
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (!alive()) return null;
    job = await get('/exports/' + job.id);
    show(job);
  }
  if (job.status !== 'done') throw new Error(job.error || t('dash.export_failed'));
  return job;
}

export const exportFileUrl = (job) => job.file_url || `/api/v1/exports/${job.id}/file`;

// One job as a list item: its name, a labelled progress bar and the percent,
// then a download button (or the error). opts: attrs for the <li>,
// download (label), counts (a "done of total" message key).
export function exportRow(list, name, body, opts = {}) {
  const bar = h('progress', {max: 100, value: 0, 'aria-label': name});
  const pct = h('span', {class: 'export-pct'}, '0%');
  const out = h('span', {class: 'export-result'});
  const item = h('li', {class: 'export-job', ...(opts.attrs || {})}, h('span', {class: 'export-name'}, name), bar, pct, out);
  list.prepend(item);
  const show = (job) => {
    bar.value = job.percent;
    pct.textContent = fmtNumber(job.percent) + '%';
    if (opts.counts && job.total) out.textContent = t(opts.counts, {done: fmtNumber(job.done_rows), total: fmtNumber(job.total)});
  };
  (async () => {
    try {
      const job = await followExport(body, show, () => item.isConnected);
      if (!job) return; // the page was left
      clear(out);
      out.append(h('a', {class: 'btn small' + (opts.primary ? ' primary' : ''), href: exportFileUrl(job), download: ''},
        t(opts.download || 'dash.download')));
    } catch (e) {
      clear(out);
      out.append(errorBox(e));
    }
  })();
  return item;
}
