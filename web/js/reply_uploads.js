// Paste and drag-and-drop uploads in a reply box (issue #20, agent tools):
// a screenshot pasted into the text becomes an attachment, files dropped
// anywhere on the form join the file field (a drop zone shows while a file
// is dragged over), and a file too large or of a type the ticket does not
// take is refused at once with the reason, using the ticket's own limits
// (GET /tickets/{n}/attachments → limits). The form's existing upload then
// sends them with its progress bars; the server checks everything again.
import {h, clear, nextId} from './dom.js';
import {t, fmtNumber} from './i18n.js';
import {get} from './api.js';

// The server's type names (core/filetype.c) by file extension and MIME type.
const TYPES = {
  jpg: ['image/jpeg', 'jpeg', 'jpg'], png: ['image/png', 'png'], gif: ['image/gif', 'gif'],
  webp: ['image/webp', 'webp'], pdf: ['application/pdf', 'pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  zip: ['application/zip', 'application/x-zip-compressed', 'zip'], txt: ['text/plain', 'txt'],
  csv: ['text/csv', 'csv'], mp4: ['video/mp4', 'mp4'], webm: ['video/webm', 'audio/webm', 'webm'],
  mkv: ['video/x-matroska', 'mkv'], mov: ['video/quicktime', 'mov'], mp3: ['audio/mpeg', 'mp3'],
  m4a: ['audio/mp4', 'audio/x-m4a', 'm4a'], wav: ['audio/wav', 'audio/x-wav', 'wav'], ogg: ['audio/ogg', 'video/ogg', 'ogg'],
};

function mb(bytes) {
  if (bytes < 1048576) return fmtNumber(Math.max(1, Math.ceil(bytes / 1024))) + ' KB';
  return fmtNumber(bytes / 1048576, bytes < 10485760 ? 1 : 0) + ' MB';
}

// Why f may not be sent under limits, or null.
export function refusal(f, limits) {
  if (!limits) return null;
  if (f.size > limits.max_bytes) return t('tools.upload_too_large', {name: f.name, size: mb(f.size), max: mb(limits.max_bytes)});
  const allowed = limits.types.split(',').map((s) => s.trim()).filter(Boolean);
  const ext = (f.name.split('.').pop() || '').toLowerCase();
  const ok = allowed.some((k) => (TYPES[k] || [k]).some((v) => v === ext || v === f.type));
  return ok ? null : t('tools.upload_type', {name: f.name, types: allowed.join(', ')});
}

// A pasted image has no name of its own: "tempelan-20261207-181502.png".
function named(f) {
  if (f.name && f.name !== 'image.png') return f;
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  const ext = (f.type.split('/')[1] || 'png').replace('jpeg', 'jpg');
  return new File([f], `${t('tools.paste_name')}-${stamp}.${ext}`, {type: f.type});
}

// Adds the tools to a form holding a textarea and a file input; number is
// the ticket's (for its limits).
export function enhanceUploads(form, number) {
  const input = form.querySelector('input[type=file]');
  const text = form.querySelector('textarea');
  if (!input) return;
  let limits = null;
  get(`/tickets/${encodeURIComponent(number)}/attachments`).then((r) => { limits = r.limits || null; }).catch(() => {});
  const chosen = h('ul', {class: 'drop-files'});
  const errors = h('div', {class: 'drop-errors', role: 'alert'});
  const zone = h('div', {class: 'dropzone', id: nextId('dropzone')},
    h('p', {class: 'drop-hint'}, t('tools.drop_hint')), chosen, errors);
  const hint = zone.firstChild;
  const lit = (on) => { zone.classList.toggle('dragover', on); hint.textContent = t(on ? 'tools.drop_release' : 'tools.drop_hint'); };
  input.closest('.field') ? input.closest('.field').after(zone) : input.after(zone);
  if (text) text.setAttribute('aria-describedby', [text.getAttribute('aria-describedby'), zone.id].filter(Boolean).join(' '));

  const show = () => {
    clear(chosen);
    for (const f of Array.from(input.files)) {
      chosen.append(h('li', {}, h('span', {class: 'fname'}, f.name), ' ', h('span', {class: 'muted small'}, mb(f.size)), ' ',
        h('button', {type: 'button', class: 'btn small', 'aria-label': t('tools.upload_remove_for', {name: f.name}),
          onclick: () => { take(Array.from(input.files).filter((x) => x !== f), true); }}, t('tools.upload_remove'))));
    }
  };
  // input.files := files (kept ones first); refused ones are listed with why
  const take = (files, replace) => {
    clear(errors);
    const dt = new DataTransfer();
    if (!replace) for (const f of Array.from(input.files)) dt.items.add(f);
    for (const f of files) {
      const why = refusal(f, limits);
      if (why) errors.append(h('p', {class: 'field-error'}, why));
      else dt.items.add(f);
    }
    input.files = dt.files;
    show();
  };
  input.addEventListener('change', () => take(Array.from(input.files), true));
  if (text) {
    text.addEventListener('paste', (e) => {
      const cd = e.clipboardData;
      const files = Array.from((cd && cd.files) || []);
      // text pastes as text (a copy from a word processor carries a picture
      // of the text too); a clipboard holding only files is a screenshot
      if (!files.length || (cd.getData('text/plain') || '').trim()) return;
      e.preventDefault();
      take(files.map(named), false);
    });
  }
  // dragging a file anywhere over the form lights the zone; a drop adds it
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  form.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; e.preventDefault(); depth++; lit(true); });
  form.addEventListener('dragover', (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  form.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; lit(false); } });
  form.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    lit(false);
    take(Array.from(e.dataTransfer.files), false);
  });
  // after a send the form is drawn anew; a reset empties the list too
  form.addEventListener('reset', () => { clear(chosen); clear(errors); });
}
