// Letters (surat): one partner's contract, BAST or termination letter for a
// month, and one assignment's Surat Tugas, opened as the server's PDF; and
// letters in bulk for an activity and/or month as one PDF or a ZIP — an
// export job whose progress bar runs until the download is there.
import {h, clear, select} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, qs} from '../api.js';
import {pageHeader, field, listView, localLoader, dialog, flash} from '../ui.js';
import {picker} from '../picker.js';
import {fieldError} from '../form_dialog.js';
import {exportRow} from '../export_job.js';
import {partnerNav, monthLabel, monthsOf, thisMonth, rupiah, dayLabel} from '../partner_common.js';
import {findPartners, findActivities, findIn} from './assignments.js';

const PARTNER_KINDS = ['contract', 'bast', 'termination'];
const BULK_KINDS = ['contract', 'assignment', 'bast', 'termination'];

const pdfLink = (href, key, id) => h('a', {class: 'btn', href, target: '_blank', rel: 'noopener', id}, t(key));

// The letters a partner has been issued (numbers are never reused; a wrong
// one is voided with a reason, and stays listed as void).
function issuedList(box, partnerId, month) {
  clear(box);
  if (!partnerId) return;
  const redo = () => issuedList(box, partnerId, month);
  const voidIt = async (l) => {
    const v = await dialog({title: 'partner_ltr.void_title', text: t('partner_ltr.void_text', {number: l.number}),
      fields: [{name: 'reason', label: 'partner_ltr.void_reason', type: 'textarea', required: true}],
      okLabel: 'partner_ltr.void', danger: true});
    if (!v) return;
    try {
      await post(`/letters/${l.id}/void`, {reason: v.reason});
      flash(t('partner_ltr.voided', {number: l.number}), 'ok', true);
    } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
    redo();
  };
  const view = listView({
    label: 'partner_ltr.issued_title', searchPlaceholder: 'partner_ltr.issued_search', empty: 'partner_ltr.issued_none',
    columns: [
      {label: 'partner_ltr.number', render: (l) => h('span', {class: 'mono'}, l.number)},
      {label: 'partner_ltr.kind', render: (l) => t('partner_ltr.kind.' + l.kind)},
      {label: 'partner_asg.month', render: (l) => monthLabel(l.month)},
      {label: 'partner_ltr.date', render: (l) => dayLabel(l.letter_date)},
      {label: 'partner_ltr.state', render: (l) => (l.voided_at
        ? h('span', {}, h('span', {class: 'badge miss'}, t('partner_ltr.void_state')), ' ', l.void_reason)
        : h('span', {class: 'badge done'}, t('partner_ltr.valid')))},
      {label: 'common.actions', render: (l) => (l.voided_at ? '' : h('button', {type: 'button', class: 'btn small danger',
        'aria-label': t('partner_ltr.void_named', {number: l.number}), onclick: () => voidIt(l)}, t('partner_ltr.void')))},
    ],
    load: localLoader(async () => (await get(`/partners/${partnerId}/letters` + qs({month}))).items, ['number', 'kind']),
  });
  box.append(h('div', {class: 'issued-head'}, h('h3', {}, t('partner_ltr.issued_title')),
    h('button', {type: 'button', class: 'btn small', id: 'issued-reload', onclick: redo}, t('partner_ltr.reload'))), view);
}

function partnerLetters() {
  const links = h('div', {class: 'actions letter-links', 'aria-live': 'polite'});
  const issued = h('div', {id: 'letters-issued'});
  const month = h('input', {type: 'month', name: 'month', value: thisMonth()});
  const show = () => {
    clear(links);
    const p = partner.value();
    issuedList(issued, p, month.value);
    if (!p || !month.value) { links.append(h('p', {class: 'hint'}, t('partner_ltr.pick_partner'))); return; }
    for (const k of PARTNER_KINDS) {
      links.append(pdfLink(`/api/v1/partners/${p}/letters/${k}.pdf` + qs({month: month.value}), 'partner_ltr.open.' + k, 'letter-' + k));
    }
  };
  const partner = picker({name: 'partner_id', label: 'partner_asg.partner',
    find: findPartners, onChange: show});
  month.addEventListener('change', show);
  partner.reload();
  show();
  return h('section', {class: 'card', id: 'letter-partner'}, h('h2', {}, t('partner_ltr.partner_title')),
    h('p', {class: 'hint'}, t('partner_ltr.partner_hint')),
    h('div', {class: 'row'}, partner.el, field('partner_asg.month', month)), links, issued);
}

function assignmentLetter() {
  const links = h('div', {class: 'actions letter-links', 'aria-live': 'polite'});
  const pick = picker({name: 'assignment_id', label: 'partner_ltr.assignment',
    find: findIn('/assignments', (a) => `${a.partner_name} · ${a.activity_code} · ${monthLabel(a.month)} · ${rupiah(a.fee)}`),
    onChange: (o) => {
      clear(links);
      if (o) links.append(pdfLink(`/api/v1/assignments/${o.value}/letters/assignment.pdf`, 'partner_ltr.open_st', 'letter-st'));
      else links.append(h('p', {class: 'hint'}, t('partner_ltr.pick_assignment')));
    }});
  pick.reload();
  links.append(h('p', {class: 'hint'}, t('partner_ltr.pick_assignment')));
  return h('section', {class: 'card', id: 'letter-assignment'}, h('h2', {}, t('partner_ltr.st_title')), pick.el, links);
}

function bulkLetters() {
  // empty = every month of the activity; without an activity, one month is needed
  const month = h('input', {type: 'month', name: 'month'});
  const activity = picker({name: 'activity_id', label: 'partner_asg.activity',
    find: findActivities, onChange: (o) => {
      const months = o ? monthsOf(o.item.start_date, o.item.end_date) : [];
      month.min = months[0] || '';
      month.max = months[months.length - 1] || '';
      if (month.value && months.length && !months.includes(month.value)) month.value = '';
    }});
  const kind = select({name: 'kind', 'data-enum': ''}, BULK_KINDS.map((k) => ({value: k, label: t('partner_ltr.kind.' + k)})), 'contract');
  const fmtName = 'bulk-format';
  const formats = h('fieldset', {class: 'formats'}, h('legend', {}, t('partner_ltr.format')),
    ...['pdf', 'zip'].map((f) => h('span', {class: 'check-inline'},
      h('input', {type: 'radio', name: 'format', value: f, id: `${fmtName}-${f}`, checked: f === 'pdf'}),
      h('label', {for: `${fmtName}-${f}`}, t('partner_ltr.format.' + f)))));
  const go = h('button', {type: 'submit', class: 'btn primary', id: 'bulk-go'}, t('partner_ltr.bulk_go'));
  const jobs = h('ul', {class: 'export-list', id: 'bulk-jobs', 'aria-live': 'polite'});
  const form = h('form', {class: 'card', id: 'letter-bulk', novalidate: true},
    h('h2', {}, t('partner_ltr.bulk_title')), h('p', {class: 'hint'}, t('partner_ltr.bulk_hint')),
    h('div', {class: 'row'}, activity.el, field('partner_asg.month', month, {hint: 'partner_ltr.month_hint'})),
    h('div', {class: 'row'}, field('partner_ltr.kind', kind), formats),
    h('div', {class: 'actions'}, go), jobs);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!activity.value() && !month.value) {
      fieldError(activity.input, t('partner_ltr.bulk_pick'));
      activity.input.focus();
      return;
    }
    activity.input.removeAttribute('aria-invalid');
    document.getElementById(activity.input.id + '-err').hidden = true;
    const format = form.querySelector('input[name=format]:checked').value;
    const filters = {kind: kind.value};
    if (activity.value()) filters.activity_id = Number(activity.value());
    if (month.value) filters.month = month.value;
    const a = activity.item();
    const scope = [a ? a.code : '', month.value ? monthLabel(month.value) : ''].filter(Boolean).join(' · ');
    const what = t('partner_ltr.job_name', {kind: t('partner_ltr.kind.' + kind.value), what: scope, format: format.toUpperCase()});
    exportRow(jobs, what, {report: 'letters', format, filters},
      {download: 'partner_ltr.download', counts: 'partner_ltr.job_count', primary: true});
  });
  activity.reload();
  return form;
}

export async function render(main) {
  main.append(partnerNav('letters'), pageHeader('partner_ltr.title'),
    partnerLetters(), assignmentLetter(), bulkLetters());
}
