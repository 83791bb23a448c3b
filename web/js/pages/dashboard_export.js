// The ticket export dialog of the leaders' dashboard (issue #21 item 9,
// seed 001: "subset kolom tiket, progres terpilih; terikat kebijakan
// privasi"): the columns to export (checkboxes, all ticked at first), the
// format, and the option of adding the public timeline (CSV/XLSX only: it is
// a second table; never internal notes, nothing of bookings, no contacts,
// the server decides that). The job then runs in the dashboard's export
// list with its progress bar (export_job.js).
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {exportRow} from '../export_job.js';
import {formDialog} from '../form_dialog.js';

// The allow-list of POST /exports columns=, in the file's order.
export const TICKET_COLUMNS = ['number', 'title', 'status', 'service', 'category', 'priority', 'unit',
  'channel', 'tier', 'requester', 'assignee', 'created_at', 'first_response_at', 'resolved_at',
  'closed_at', 'rating', 'sla_breached'];
const FORMATS = ['csv', 'xlsx', 'pdf'];

function checkbox(name, value, labelText, checked, id) {
  const box = h('input', {type: 'checkbox', name, value, id, checked});
  return h('label', {class: 'check', for: id}, box, ' ', labelText);
}

// The dialog; list: the dashboard's export list, params(): its report
// parameters (period, unit) at the time of sending.
export function openTicketExport(list, params) {
  const cols = h('fieldset', {class: 'export-columns', id: 'export-columns'},
    h('legend', {}, t('rep21.columns')),
    h('p', {class: 'actions'},
      h('button', {type: 'button', class: 'btn small', id: 'export-cols-all',
        onclick: () => cols.querySelectorAll('input').forEach((i) => { i.checked = true; })}, t('rep21.columns_all')),
      h('button', {type: 'button', class: 'btn small', id: 'export-cols-none',
        onclick: () => cols.querySelectorAll('input').forEach((i) => { i.checked = false; })}, t('rep21.columns_none'))),
    h('div', {class: 'check-grid'}, TICKET_COLUMNS.map((c) =>
      checkbox('columns', c, t('rep21.col.' + c), true, 'export-col-' + c))));
  const err = h('p', {class: 'field-error', id: 'export-columns-error', role: 'alert', hidden: true});
  const radios = FORMATS.map((f) => h('input', {type: 'radio', name: 'format', value: f, id: 'export-format-' + f, checked: f === 'csv'}));
  const format = h('fieldset', {id: 'export-format'}, h('legend', {}, t('rep21.format')),
    radios.map((r, i) => h('label', {class: 'check', for: r.id}, r, ' ', FORMATS[i].toUpperCase())));
  const timeline = h('input', {type: 'checkbox', name: 'timeline', value: 'public', id: 'export-timeline',
    'aria-describedby': 'export-timeline-note'});
  // the timeline is a second table: PDF (one list) does not take it
  const syncPdf = () => {
    const pdf = radios[2];
    pdf.disabled = timeline.checked;
    if (pdf.disabled && pdf.checked) radios[0].checked = true;
  };
  timeline.addEventListener('change', syncPdf);
  const tl = h('div', {class: 'field'}, h('label', {class: 'check', for: 'export-timeline'}, timeline, ' ', t('rep21.timeline')),
    h('p', {class: 'muted', id: 'export-timeline-note'}, t('rep21.timeline_note')));
  const check = (form) => {
    const none = !form.querySelector('input[name="columns"]:checked');
    // formDialog cleared every .field-error before asking: the text is set here
    err.textContent = none ? t('rep21.columns_required') : '';
    err.hidden = !none;
    const first = form.querySelector('input[name="columns"]');
    if (none) first.setAttribute('aria-invalid', 'true'); else first.removeAttribute('aria-invalid');
    return !none;
  };
  const save = async (form) => {
    const chosen = [...form.querySelectorAll('input[name="columns"]:checked')].map((i) => i.value);
    const fmt = form.querySelector('input[name="format"]:checked').value;
    const filters = {...params()};
    // all columns: no parameter, the default file
    if (chosen.length !== TICKET_COLUMNS.length) filters.columns = chosen.join(',');
    if (timeline.checked) filters.timeline = 'public';
    exportRow(list, t('dash.export_item', {what: t('dash.export_tickets'), format: fmt.toUpperCase()}),
      {report: 'tickets', format: fmt, filters}, {attrs: {dataset: {report: 'tickets', format: fmt, custom: 'yes'}}});
  };
  const dlg = formDialog(t('rep21.export_title'), [cols, err, format, tl], save, check);
  dlg.id = 'ticket-export-dialog';
  dlg.querySelector('button[type="submit"]').textContent = t('rep21.export_run');
  return dlg;
}

// The button that opens it, for the dashboard's export card.
export function ticketExportButton(list, params) {
  return h('div', {class: 'actions'}, h('span', {class: 'export-label'}, t('rep21.export_custom')),
    h('button', {type: 'button', class: 'btn small', id: 'ticket-export-open',
      onclick: () => openTicketExport(list, params)}, t('rep21.export_choose')));
}
