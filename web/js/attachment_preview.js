// Attachment preview (issue #20, agent tools): images and PDFs open in a
// dialog instead of only downloading. The dialog is a native <dialog>
// (focus kept inside, Escape closes it, focus returns to the button). The
// file comes from /attachments/{id}?inline=1, which the server sends inline
// only for these types, sandboxed (api/attachments.c).
import {h} from './dom.js';
import {t} from './i18n.js';

const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const PDF = 'application/pdf';

export function previewable(a) {
  return IMAGES.includes(a.content_type) || a.content_type === PDF;
}

function openPreview(a, opener) {
  const src = a.url + '?inline=1';
  const body = IMAGES.includes(a.content_type)
    ? h('img', {src, alt: a.filename, class: 'preview-img'})
    : h('iframe', {src, title: a.filename, class: 'preview-pdf'});
  const closeBtn = h('button', {type: 'button', class: 'btn'}, t('tools.preview_close'));
  const dlg = h('dialog', {class: 'dialog wide preview', 'aria-labelledby': 'preview-h'},
    h('div', {class: 'preview-head'},
      h('h2', {id: 'preview-h'}, a.filename),
      closeBtn),
    h('div', {class: 'preview-body'}, body),
    h('div', {class: 'actions'},
      h('a', {class: 'btn', href: src, target: '_blank', rel: 'noopener'}, t('tools.preview_tab')),
      h('a', {class: 'btn primary', href: a.url, download: a.filename}, t('tools.preview_download'))));
  const done = () => { dlg.close(); dlg.remove(); opener.focus(); };
  closeBtn.addEventListener('click', done);
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
  // a click on the backdrop (outside the dialog's box) closes it too
  dlg.addEventListener('click', (e) => { if (e.target === dlg) done(); });
  document.body.append(dlg);
  dlg.showModal();
  closeBtn.focus();
}

// The "Pratinjau" button for an attachment list row; null for a type that
// only downloads.
export function previewButton(a) {
  if (!previewable(a)) return null;
  const b = h('button', {type: 'button', class: 'btn small att-preview', 'aria-label': t('tools.preview_for', {name: a.filename}),
    onclick: () => openPreview(a, b)}, t('tools.preview'));
  return b;
}
