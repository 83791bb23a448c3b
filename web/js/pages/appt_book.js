// Booking an appointment (issue #16 item 9): without a service, the list
// of appointment services (poli, virtual booth) with the search box; with
// one, three steps — a day and slot from the capacity calendar, the
// service's own form (agents also pick the requester and the channel), a
// review — then the queue number, estimated time, meeting link and .ics.
// A full day shows the server's message and offers the next free day it
// names. With ?reschedule=<booking id> only the calendar is asked.
import {h, clear, select, append} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {isStaff} from '../session.js';
import {listView, localLoader, pageHeader, field, showErrors, clearErrors, flash} from '../ui.js';
import {requesterPicker, CHANNELS} from '../requester_picker.js';
import {apptServices, capacityCalendar, fmtDay, fmtTime, fieldLabel, queueNo, scheduleOf, getBooking} from '../appt.js';
import {pickerSelect} from '../picker.js';

function serviceList(main) {
  main.append(pageHeader('appt.book.title'), h('p', {class: 'lead'}, t('appt.book.intro')),
    listView({
      columns: [
        {label: 'appt.service', render: (s) => h('a', {href: '#/book/' + s.id, class: 'appt-service-link'}, s.name)},
        {label: 'appt.description', render: (s) => s.description || ''},
        {label: 'common.actions', render: (s) => h('a', {class: 'btn small primary', href: '#/book/' + s.id,
          'aria-label': t('appt.book.choose_named', {name: s.name})}, t('appt.book.choose'))},
      ],
      empty: 'appt.book.no_services',
      searchPlaceholder: 'appt.book.search',
      load: localLoader(apptServices, ['name', 'description']),
    }));
}

// One input per schedule form field; the name is the field's key so the
// API's 422 `fields` land next to it.
function answerInput(f) {
  const attrs = {name: f.key, autocomplete: 'off'};
  if (f.type === 'select') {
    const opts = (f.options || []).map((o) => (typeof o === 'object' ? {value: o.value, label: o.label || o.value} : {value: o, label: o}));
    return pickerSelect(attrs, opts, '', t('common.choose'));
  }
  if (f.type === 'textarea') return h('textarea', {...attrs, rows: 3});
  return h('input', {...attrs, type: ['date', 'number'].includes(f.type) ? f.type : 'text',
    inputmode: f.type === 'number' ? 'numeric' : null});
}

function answersFieldset(fields) {
  const box = h('fieldset', {class: 'answers'}, h('legend', {}, t('appt.book.your_data')));
  const inputs = {};
  for (const f of fields) {
    const input = answerInput(f);
    inputs[f.key] = input;
    const wrap = field('appt.book.answer', input, {required: !!f.required});
    wrap.querySelector('label').textContent = fieldLabel(f) + (f.required ? ' *' : '');
    if (f.sensitive) wrap.querySelector('label').after(h('p', {class: 'hint sensitive'}, t('appt.book.sensitive')));
    box.append(wrap);
  }
  if (!fields.length) box.append(h('p', {class: 'muted'}, t('appt.book.no_fields')));
  return {box, inputs};
}

// The 422 `fields` name an answer answers.<key>; the input is named <key>.
function answerErrors(err) {
  const fields = {};
  for (const [k, v] of Object.entries(err.fields || {})) fields[k.replace(/^answers\./, '')] = v;
  return {message: err.message, fields};
}

export function resultPanel(b, service, tz) {
  const requested = b.status === 'requested';
  return h('section', {class: 'card created booked', role: 'status'},
    h('h1', {tabindex: '-1'}, t(requested ? 'appt.result.requested_title' : 'appt.result.title')),
    h('p', {}, service.name),
    requested ? h('p', {class: 'lead'}, t('appt.result.requested_text'))
      : [h('p', {class: 'muted'}, t('appt.result.queue_label')),
        h('p', {class: 'queue-number', id: 'booking-queue'}, queueNo(b.queue_number))],
    h('dl', {class: 'details result-details'},
      h('div', {}, h('dt', {}, t('appt.date')), h('dd', {id: 'booking-date'}, fmtDay(b.date))),
      !requested ? h('div', {}, h('dt', {}, t('appt.estimated')), h('dd', {id: 'booking-eta'}, fmtTime(b.estimated_at || b.slot_start, tz))) : null,
      h('div', {}, h('dt', {}, t('appt.reference')), h('dd', {}, h('a', {href: '#/tickets/' + b.ticket_number, class: 'mono'}, b.ticket_number))),
      b.meeting_url ? h('div', {}, h('dt', {}, t('appt.meeting')), h('dd', {},
        /^https?:\/\//i.test(b.meeting_url) ? h('a', {href: b.meeting_url, id: 'meeting-link', rel: 'noopener', target: '_blank'}, b.meeting_url) : b.meeting_url)) : null),
    h('div', {class: 'actions'},
      !requested ? h('a', {class: 'btn primary', href: `#/bookings/${b.id}/live`}, t('appt.result.live')) : null,
      h('a', {class: 'btn', href: `/api/v1/bookings/${b.id}/ics`, download: `loket-${b.ticket_number}.ics`, id: 'ics-link'}, t('appt.result.ics')),
      // an agent at the desk books the next caller; a requester looks at their bookings
      isStaff() ? h('a', {class: 'btn', href: '#/book'}, t('appt.result.another'))
        : h('a', {class: 'btn', href: '#/bookings'}, t('appt.nav.mine'))));
}

async function reschedule(main, service, schedule, bookingId) {
  const b = await getBooking(bookingId);
  const msg = h('div', {'aria-live': 'polite'});
  const save = h('button', {type: 'button', class: 'btn primary', id: 'resched-save', disabled: true}, t('appt.resched.save'));
  // a staff-scheduled request only asks for another day; staff give the time again
  const cal = capacityCalendar({serviceId: service.id, tz: schedule.timezone, slots: schedule.mode !== 'staff_scheduled',
    onPick: (p) => { save.disabled = !p.date; }});
  save.addEventListener('click', async () => {
    clear(msg);
    save.disabled = true;
    try {
      const r = await post(`/bookings/${b.id}/reschedule`, {date: cal.state.date, ...(cal.state.slot ? {slot_start: cal.state.slot} : {})});
      flash('appt.resched.done');
      clear(main);
      main.append(resultPanel(r.booking || r, service, schedule.timezone));
      main.querySelector('h1').focus();
    } catch (e) {
      save.disabled = false;
      msg.append(fullBox(e, cal));
    }
  });
  main.append(pageHeader('appt.resched.title'),
    h('p', {class: 'lead'}, t('appt.resched.intro', {service: service.name, number: b.ticket_number, day: fmtDay(b.date)})),
    cal, msg, h('div', {class: 'actions'}, save, h('a', {class: 'btn', href: '#/bookings'}, t('common.cancel'))));
}

// The server's refusal; for a full day with a next free one, a button
// that shows that day in the calendar.
function fullBox(e, cal, onPick) {
  const next = e.body && e.body.error ? e.body.error.next_available : null;
  return h('div', {class: 'form-error full-box', role: 'alert'},
    h('p', {}, e.message || t('error.generic')),
    /^appointment\.(full|closed)$/.test(e.code) && next ? h('button', {type: 'button', class: 'btn', id: 'next-free', onclick: async () => {
      await cal.pick(next);
      if (onPick) onPick();
    }}, t('appt.book.take_next', {day: fmtDay(next)})) : null,
    /^appointment\.duplicate$/.test(e.code) ? h('a', {href: '#/bookings'}, t('appt.nav.mine')) : null);
}

export async function render(main, [id], query) {
  if (!id) { serviceList(main); return; }
  const [service, schedule] = await Promise.all([get('/services/' + id), scheduleOf(id)]);
  if (query.get('reschedule')) { await reschedule(main, service, schedule, query.get('reschedule')); return; }
  const staffMode = schedule.mode === 'staff_scheduled';
  const steps = ['when', 'details', 'review'];
  const stepNav = h('ol', {class: 'steps'});
  const sections = {};
  let current = 'when';

  // step 1: when
  const toDetails = h('button', {type: 'button', class: 'btn primary', id: 'to-details', disabled: true}, t('appt.book.next'));
  const cal = capacityCalendar({serviceId: service.id, tz: schedule.timezone, slots: !staffMode,
    onPick: (p) => { toDetails.disabled = !p.date; }});
  sections.when = h('section', {class: 'step', 'aria-labelledby': 'step-when-h'},
    h('h2', {id: 'step-when-h', tabindex: '-1'}, t(staffMode ? 'appt.book.step_when_pref' : 'appt.book.step_when')),
    staffMode ? h('p', {class: 'hint'}, t('appt.book.staff_scheduled')) : null,
    cal, h('div', {class: 'actions'}, toDetails));

  // step 2: details (agents: for whom and through which channel)
  let picker = null;
  let channel = null;
  const form = h('form', {class: 'card form', novalidate: true, id: 'booking-form'});
  if (isStaff()) {
    picker = requesterPicker();
    channel = select({name: 'channel', 'data-enum': ''}, CHANNELS.map((c) => ({value: c, label: t('channel.' + c)})), 'walk_in');
    form.append(h('fieldset', {class: 'caller'}, h('legend', {}, t('appt.book.for_whom')), field('ticket.channel', channel), picker.node));
  }
  const answers = answersFieldset(schedule.form_fields || []);
  form.append(answers.box, h('div', {class: 'actions'},
    h('button', {type: 'button', class: 'btn', onclick: () => show('when')}, t('appt.book.back')),
    h('button', {type: 'submit', class: 'btn primary', id: 'to-review'}, t('appt.book.next'))));
  sections.details = h('section', {class: 'step', 'aria-labelledby': 'step-details-h'},
    h('h2', {id: 'step-details-h', tabindex: '-1'}, t('appt.book.step_details')), form);

  // step 3: review
  const reviewList = h('dl', {class: 'details review'});
  const outcome = h('div', {'aria-live': 'polite'});
  const confirm = h('button', {type: 'button', class: 'btn primary', id: 'confirm-booking'}, t('appt.book.confirm'));
  sections.review = h('section', {class: 'step', 'aria-labelledby': 'step-review-h'},
    h('h2', {id: 'step-review-h', tabindex: '-1'}, t('appt.book.step_review')),
    h('div', {class: 'card'}, reviewList), outcome,
    h('div', {class: 'actions'}, h('button', {type: 'button', class: 'btn', onclick: () => show('details')}, t('appt.book.back')), confirm));

  function show(step) {
    current = step;
    for (const s of steps) sections[s].hidden = s !== step;
    clear(stepNav);
    steps.forEach((s, i) => stepNav.append(h('li', {class: s === step ? 'current' : '', 'aria-current': s === step ? 'step' : null},
      h('span', {class: 'step-no'}, String(i + 1)), ' ', t(`appt.book.step_${s === 'when' && staffMode ? 'when_pref' : s}`))));
    sections[step].querySelector('h2').focus();
  }

  function body() {
    const b = {service_id: Number(service.id), date: cal.state.date, answers: {}};
    if (cal.state.slot) b.slot_start = cal.state.slot;
    for (const f of schedule.form_fields || []) {
      const v = answers.inputs[f.key].value.trim();
      if (v !== '') b.answers[f.key] = f.type === 'number' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    if (picker) {
      b.channel = channel.value;
      if (picker.value()) b.requester_id = Number(picker.value());
    }
    return b;
  }

  toDetails.addEventListener('click', () => show('details'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors(form);
    // the browser's own check first; the server's 422 is the authority
    const missing = {};
    for (const f of schedule.form_fields || []) {
      if (f.required && !answers.inputs[f.key].value.trim()) missing[f.key] = t('error.required');
    }
    if (Object.keys(missing).length) { showErrors(form, {message: t('appt.book.fix_fields'), fields: missing}); return; }
    clear(reviewList);
    clear(outcome);
    const add = (label, v) => reviewList.append(h('div', {}, h('dt', {}, label), h('dd', {}, v || '—')));
    add(t('appt.service'), service.name);
    add(t('appt.date'), fmtDay(cal.state.date));
    if (!staffMode) add(t('appt.slot'), cal.state.slot ? fmtTime(cal.state.slot, schedule.timezone) : t('appt.book.any_slot'));
    if (picker) {
      add(t('ticket.channel'), t('channel.' + channel.value));
      add(t('ticket.requester'), picker.value() ? document.getElementById('chosen-requester').textContent : t('appt.book.myself'));
    }
    for (const f of schedule.form_fields || []) {
      const input = answers.inputs[f.key];
      const v = input.value.trim();
      add(fieldLabel(f), f.type === 'date' && v ? fmtDay(v, 'plain') : input.tagName === 'SELECT' && v ? input.selectedOptions[0].textContent : v);
    }
    show('review');
  });
  confirm.addEventListener('click', async () => {
    clear(outcome);
    confirm.disabled = true;
    try {
      const r = await post('/bookings', body());
      clear(main);
      main.append(resultPanel(r.booking || r, service, schedule.timezone));
      main.querySelector('h1').focus();
    } catch (e) {
      confirm.disabled = false;
      if (e.status === 422) {
        show('details');
        showErrors(form, answerErrors(e));
        return;
      }
      outcome.append(fullBox(e, cal, () => show('when')));
      const act = outcome.querySelector('button, a');
      if (act) act.focus();
    }
  });

  append(main, [h('p', {class: 'crumbs'}, h('a', {href: '#/book'}, t('appt.book.title')), ' / ', service.name),
    h('h1', {tabindex: '-1'}, service.name),
    service.description ? h('p', {class: 'lead'}, service.description) : null,
    stepNav, sections.when, sections.details, sections.review]);
  await cal.ready;
  for (const s of steps) sections[s].hidden = s !== current;
  show('when');
  // the heading of the page, not the step, is what a new visitor hears first
  main.querySelector('h1').focus();
  return null;
}
