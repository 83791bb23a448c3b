// "Langganan laporan" (issue #22 item 2): a leader's or admin's scheduled
// reports, mailed as PDF or XLSX — GET/POST /report-subscriptions, PATCH and
// DELETE /{id} (after a confirmation), POST /{id}/send to try one at once.
// The server decides the periods (first working day of the month, or a
// weekday, at HH:MM WIB) and sends each once; this page only edits.
import {h, clear, select} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, patch, del, getAll} from '../api.js';
import {field, showErrors, clearErrors, pageHeader, dialog, flash, errorBox} from '../ui.js';
import {pickerSelect} from '../picker.js';
import {isAdmin} from '../session.js';

const REPORTS = ['recap', 'sla', 'unit_recap'];
const FORMATS = ['pdf', 'xlsx'];
const CADENCES = ['monthly', 'weekly'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

const opts = (values, prefix) => values.map((v) => ({value: v, label: t(prefix + v)}));

// "Bulanan, hari kerja pertama, 07:00 WIB" / "Mingguan, Jumat, 07:00 WIB"
function scheduleText(s) {
  const when = s.cadence === 'weekly' ? t('sched.day.' + s.weekday) : t('sched.first_workday');
  return t('sched.schedule_text', {cadence: t('sched.cadence.' + s.cadence), when, time: s.time});
}

function lastText(s) {
  if (!s.last_send) return t('sched.never');
  return t('sched.last_text', {period: s.last_send.period, status: t('sched.status.' + s.last_send.status),
    at: s.last_send.at ? fmtDate(s.last_send.at) : ''});
}

export async function render(main) {
  const units = await getAll('/units', {}, 5).catch(() => []);
  const listBox = h('div', {'aria-live': 'polite', id: 'sub-list'});
  let editing = null; // the subscription the form edits; null = a new one

  const report = select({name: 'report', 'data-enum': ''}, opts(REPORTS, 'sched.report.'), 'recap');
  const format = select({name: 'format', 'data-enum': ''}, opts(FORMATS, 'sched.format.'), 'pdf');
  const cadence = select({name: 'cadence', 'data-enum': ''}, opts(CADENCES, 'sched.cadence.'), 'monthly');
  const weekday = select({name: 'weekday', 'data-enum': ''}, opts(WEEKDAYS, 'sched.day.'), '1');
  const time = h('input', {name: 'time', type: 'time', value: '07:00', required: true});
  const unit = pickerSelect({name: 'unit_id'}, units.map((u) => ({value: u.id, label: u.name})), '', t('sched.all_units'));
  const extra = h('input', {name: 'extra_recipients', type: 'text', inputmode: 'email', maxlength: 2000,
    placeholder: 'kabid@pemda.go.id, sekretariat@pemda.go.id'});
  const active = h('input', {type: 'checkbox', name: 'active', id: 'sub-active', checked: true});
  const weekdayField = field('sched.weekday', weekday);
  const heading = h('h2', {id: 'sub-form-title'}, t('sched.new'));
  const submit = h('button', {type: 'submit', class: 'btn primary', id: 'sub-save'}, t('sched.save'));
  const cancel = h('button', {type: 'button', class: 'btn', id: 'sub-cancel', hidden: true}, t('common.cancel'));
  const form = h('form', {class: 'card form', novalidate: true, id: 'sub-form', 'aria-labelledby': 'sub-form-title'},
    heading,
    field('sched.report', report), field('sched.format', format), field('sched.cadence', cadence),
    weekdayField, field('sched.time', time, {required: true}), field('sched.unit', unit),
    field('sched.extra', extra),
    h('p', {class: 'muted'}, t('sched.extra_help')),
    h('div', {class: 'check'}, active, h('label', {for: 'sub-active'}, t('sched.active'))),
    h('div', {class: 'actions'}, cancel, submit));
  const showWeekday = () => { weekdayField.hidden = cadence.value !== 'weekly'; };
  cadence.addEventListener('change', showWeekday);

  function fill(s) {
    editing = s;
    report.value = s ? s.report : 'recap';
    format.value = s ? s.format : 'pdf';
    cadence.value = s ? s.cadence : 'monthly';
    weekday.value = String(s ? s.weekday : 1);
    time.value = s ? s.time : '07:00';
    unit.value = s && s.unit ? String(s.unit.id) : '';
    extra.value = s ? s.extra_recipients : '';
    active.checked = s ? s.active : true;
    heading.textContent = t(s ? 'sched.edit_title' : 'sched.new');
    submit.textContent = t(s ? 'sched.save_changes' : 'sched.save');
    cancel.hidden = !s;
    clearErrors(form);
    showWeekday();
  }

  async function refresh() {
    let items;
    try { items = (await get('/report-subscriptions')).items; } catch (e) { clear(listBox); listBox.append(errorBox(e)); return; }
    clear(listBox);
    if (!items.length) { listBox.append(h('p', {class: 'muted'}, t('sched.none'))); return; }
    const body = h('tbody');
    for (const s of items) {
      const what = t('sched.report.' + s.report) + ' · ' + t('sched.format.' + s.format);
      const edit = h('button', {type: 'button', class: 'btn small', dataset: {sub: String(s.id), act: 'edit'},
        'aria-label': t('sched.edit_label', {what})}, t('sched.edit'));
      edit.addEventListener('click', () => { fill(s); report.focus(); });
      const send = h('button', {type: 'button', class: 'btn small', dataset: {sub: String(s.id), act: 'send'},
        'aria-label': t('sched.send_label', {what})}, t('sched.send'));
      send.addEventListener('click', async () => {
        send.disabled = true;
        try {
          const r = await post(`/report-subscriptions/${s.id}/send`);
          flash(t('sched.sent', {period: r.period_label || r.period, n: r.queued}), 'ok', true);
        } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
        send.disabled = false;
      });
      const remove = h('button', {type: 'button', class: 'btn small danger', dataset: {sub: String(s.id), act: 'delete'},
        'aria-label': t('sched.delete_label', {what})}, t('sched.delete'));
      remove.addEventListener('click', async () => {
        const ok = await dialog({title: 'sched.delete_title', text: t('sched.delete_text', {what}),
          okLabel: 'sched.delete', danger: true});
        if (!ok) return;
        try {
          await del('/report-subscriptions/' + s.id);
          if (editing && editing.id === s.id) fill(null);
          flash('sched.deleted');
          await refresh();
        } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
      });
      const recipients = [s.owner.name || '', s.extra_recipients].filter(Boolean).join(', ');
      body.append(h('tr', {dataset: {sub: String(s.id)}},
        h('th', {scope: 'row', 'data-label': t('sched.col_report')}, what),
        h('td', {'data-label': t('sched.col_schedule')}, scheduleText(s),
          s.active ? null : h('span', {class: 'badge'}, ' ' + t('sched.paused'))),
        h('td', {'data-label': t('sched.col_unit')}, s.unit ? s.unit.name : t('sched.all_units')),
        h('td', {'data-label': t('sched.col_recipients')}, recipients),
        h('td', {'data-label': t('sched.col_last')}, lastText(s)),
        h('td', {class: 'actions'}, edit, send, remove)));
    }
    const cols = ['sched.col_report', 'sched.col_schedule', 'sched.col_unit', 'sched.col_recipients',
      'sched.col_last', 'sched.col_actions'];
    listBox.append(h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'sub-table'},
      h('caption', {class: 'sr'}, t('sched.title')),
      h('thead', {}, h('tr', {}, cols.map((k) => h('th', {scope: 'col'}, t(k))))), body)));
  }

  cancel.addEventListener('click', () => fill(null));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {report: report.value, format: format.value, cadence: cadence.value,
      weekday: Number(weekday.value), time: time.value, unit_id: unit.value ? Number(unit.value) : null,
      extra_recipients: extra.value.trim(), active: active.checked};
    submit.disabled = true;
    try {
      if (editing) await patch('/report-subscriptions/' + editing.id, body);
      else await post('/report-subscriptions', body);
      flash(editing ? 'sched.updated' : 'sched.created');
      fill(null);
      await refresh();
    } catch (x) { showErrors(form, x); }
    submit.disabled = false;
  });
  fill(null);
  main.append(pageHeader('sched.title'),
    h('p', {class: 'lead'}, t(isAdmin() ? 'sched.intro_admin' : 'sched.intro')),
    h('section', {class: 'card', 'aria-labelledby': 'sub-list-title'}, h('h2', {id: 'sub-list-title'}, t(isAdmin() ? 'sched.list_all' : 'sched.list')), listBox),
    form);
  await refresh();
}
