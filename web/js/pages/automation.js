// Automation rules (issue #22 item 1): the admins list, write, reorder,
// switch on and off, delete and dry-run the rules the server runs on ticket
// events and in its sweep (docs/automation.md). References (services,
// units, users, tags, canned responses ...) are picked with the searchable
// picker; the fixed lists (event, action type, status, mode) are marked
// <select data-enum>. The server checks the rule and names the bad part
// (conditions.words, actions[1].user_id): the error shows beside it.
import {h, clear, select} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, put, patch, del, qs} from '../api.js';
import {pageHeader, dialog, flash, errorBox, field, showErrors, clearErrors} from '../ui.js';
import {picker} from '../picker.js';
import {ref, options} from '../refdata.js';
import {adminNav} from '../admin_nav.js';

const EVENTS = ['created', 'updated', 'commented', 'status', 'rated'];
const TIMINGS = ['waiting_days', 'unassigned_minutes', 'before_breach'];
const ACTIONS = ['assign', 'set_priority', 'set_status', 'add_tags', 'escalate', 'reply', 'notify', 'follow_up'];
const STATUSES = ['in_progress', 'waiting', 'resolved', 'cancelled'];
const CHANNELS = ['web', 'email', 'whatsapp', 'phone', 'walk_in'];
const enumSelect = (name, values, current, prefix) =>
  select({name, 'data-enum': ''}, values.map((v) => ({value: v, label: t(prefix + v)})), current);

async function findUsers(q) {
  const r = await get('/users' + qs({q, per_page: 20, active: true}));
  const list = r.items.map((u) => ({value: u.id, label: u.name + ' · ' + u.email}));
  list.total = r.total;
  return list;
}

// Several references of one kind as removable chips; `name` is the field the
// server names in its errors.
function multiRef(name, labelKey, opts, values = [], labels = new Map()) {
  const chosen = new Map(values.map((v) => [String(v), labels.get(String(v)) || String(v)]));
  const chips = h('ul', {class: 'auto-chips'});
  const p = picker({name, ...opts, onChange: (c) => {
    if (!c || !c.value) return;
    chosen.set(String(c.value), c.label);
    p.setValue('');
    draw();
  }});
  function draw() {
    chips.replaceChildren(...[...chosen].map(([v, label]) => h('li', {},
      h('span', {}, label),
      h('button', {type: 'button', class: 'btn small', 'aria-label': t('auto.remove', {what: label}),
        onclick: () => { chosen.delete(v); draw(); }}, '×'))));
  }
  draw();
  return {el: h('div', {class: 'auto-multi'}, field(labelKey, p.el), chips), values: () => [...chosen.keys()]};
}

function checks(name, labelKey, values, current, prefix) {
  const boxes = values.map((v) => {
    const box = h('input', {type: 'checkbox', value: v});
    box.checked = (current || []).includes(v);
    return h('label', {class: 'auto-check'}, box, ' ', t(prefix + v));
  });
  const anchor = h('input', {type: 'hidden', name});
  const fs = h('fieldset', {class: 'auto-checks'}, h('legend', {}, t(labelKey)), ...boxes, anchor);
  return {el: fs, values: () => boxes.map((l) => l.firstChild).filter((b) => b.checked).map((b) => b.value)};
}

// form names as the server names a field in its errors (conditions.words);
// built, so the message-catalogue check does not read them as i18n keys
const C = (k) => 'conditions.' + k;
const T = (k) => 'timing.' + k;
const words = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const ints = (a) => a.map(Number);

export async function render(main) {
  const [services, categories, units, priorities, tags, canned, calendars] = await Promise.all(
    ['services', 'categories', 'units', 'priorities', 'tags', 'canned-responses', 'calendars'].map(ref));
  const names = (items) => new Map(items.map((x) => [String(x.id), x.name || x.title || x.code]));
  const tagOpts = tags.filter((x) => x.active !== false).map((x) => ({value: x.name, label: x.name}));
  const listCard = h('section', {class: 'card', 'aria-labelledby': 'auto-list-h'});
  const editCard = h('section', {class: 'card', hidden: true});
  const dryCard = h('section', {class: 'card', hidden: true, 'aria-live': 'polite'});
  const add = h('button', {type: 'button', class: 'btn primary', id: 'auto-new'}, t('auto.new'));
  main.append(adminNav('automation'), pageHeader('auto.title', add),
    h('p', {class: 'hint'}, t('auto.intro')), editCard, dryCard, listCard);
  let rules = [];

  async function load() {
    rules = (await get('/automation/rules')).items;
    drawList();
  }

  function summary(r) {
    if (r.kind === 'time') {
      const n = r.timing.days || r.timing.minutes;
      return t('auto.timing.' + r.timing.type) + ': ' + n;
    }
    return r.events.map((e) => t('auto.ev.' + e)).join(', ');
  }

  function drawList() {
    const rows = rules.map((r, i) => {
      const on = h('input', {type: 'checkbox', 'aria-label': t('auto.enabled_for', {name: r.name})});
      on.checked = r.enabled;
      on.addEventListener('change', async () => {
        try { await patch('/automation/rules/' + r.id, {enabled: on.checked}); flash(on.checked ? 'auto.switched_on' : 'auto.switched_off'); await load(); }
        catch (e) { on.checked = !on.checked; flash(e.message, 'error', true); }
      });
      const btn = (key, label, f, disabled) => h('button', {type: 'button', class: 'btn small', disabled: disabled || null,
        'aria-label': t(label, {name: r.name}), onclick: f}, t(key));
      return h('tr', {},
        h('td', {}, String(i + 1)),
        h('th', {scope: 'row'}, r.name),
        h('td', {}, t('auto.kind.' + r.kind)),
        h('td', {}, summary(r)),
        h('td', {}, h('label', {class: 'auto-check'}, on, ' ', t(r.enabled ? 'auto.on' : 'auto.off'))),
        h('td', {class: 'auto-row-actions'},
          btn('auto.up', 'auto.up_for', () => move(i, -1), i === 0),
          btn('auto.down', 'auto.down_for', () => move(i, 1), i === rules.length - 1),
          btn('auto.edit', 'auto.edit_for', () => edit(r)),
          btn('auto.dry', 'auto.dry_for', () => dryRun('/automation/rules/' + r.id + '/dry-run', undefined, r.name)),
          btn('auto.delete', 'auto.delete_for', () => remove(r))));
    });
    listCard.replaceChildren(h('h2', {id: 'auto-list-h'}, t('auto.list')),
      rules.length ? h('div', {class: 'table-wrap'}, h('table', {class: 'auto-table'},
        h('caption', {class: 'sr'}, t('auto.list')),
        h('thead', {}, h('tr', {}, ...['auto.col.order', 'auto.col.name', 'auto.col.kind', 'auto.col.when', 'auto.col.state', 'auto.col.actions']
          .map((k) => h('th', {scope: 'col'}, t(k))))),
        h('tbody', {}, ...rows)))
        : h('p', {class: 'muted'}, t('auto.none')));
  }

  async function move(i, d) {
    const ids = rules.map((r) => r.id);
    [ids[i], ids[i + d]] = [ids[i + d], ids[i]];
    try { rules = (await post('/automation/rules/reorder', {ids})).items; drawList(); flash('auto.reordered'); }
    catch (e) { flash(e.message, 'error', true); }
  }

  async function remove(r) {
    const ok = await dialog({title: 'auto.delete_title', text: t('auto.delete_text', {name: r.name}), okLabel: 'auto.delete', danger: true});
    if (!ok) return;
    try { await del('/automation/rules/' + r.id); flash('auto.deleted'); await load(); }
    catch (e) { flash(e.message, 'error', true); }
  }

  async function dryRun(path, body, name) {
    dryCard.hidden = false;
    clear(dryCard);
    dryCard.append(h('h2', {id: 'auto-dry-h', tabindex: '-1'}, t('auto.dry_title', {name})));
    try {
      const r = await post(path, body);
      dryCard.append(h('p', {}, t('auto.dry_result', {matched: r.matched, scanned: r.scanned, days: r.days})),
        r.items.length ? h('ul', {class: 'auto-dry-list'}, ...r.items.map((x) => h('li', {},
          h('a', {href: '#/tickets/' + x.number}, x.number), ' ', x.title, ' · ', t('status.' + x.status), ' · ', fmtDate(x.created_at))))
          : h('p', {class: 'muted'}, t('auto.dry_none')));
    } catch (e) { dryCard.append(errorBox(e)); }
    dryCard.querySelector('h2').focus();
  }

  // ---- the editor ----
  function actionRow(a, idx) {
    const box = h('div', {class: 'auto-action'});
    const typeSel = enumSelect(`actions[${idx}].type`, ACTIONS, a.type || 'assign', 'auto.act.');
    const params = h('div', {class: 'auto-params'});
    let read = () => ({});
    const f = (key) => `actions[${idx}].${key}`;
    function draw(type) {
      clear(params);
      if (type === 'assign') {
        const mode = enumSelect(f('mode'), ['user', 'round_robin', 'least_loaded'], a.unit_id ? a.mode : 'user', 'auto.mode.');
        const user = picker({name: f('user_id'), find: findUsers, value: a.user_id, valueLabel: a.user_label});
        const unit = picker({name: f('unit_id'), options: options(units), value: a.unit_id, empty: t('auto.pick')});
        const uf = field('auto.f.user', user.el), nf = field('auto.f.unit', unit.el);
        const sync = () => { uf.hidden = mode.value !== 'user'; nf.hidden = mode.value === 'user'; };
        mode.addEventListener('change', sync);
        params.append(field('auto.f.mode', mode), uf, nf);
        sync();
        read = () => mode.value === 'user' ? {user_id: Number(user.value())}
          : {unit_id: Number(unit.value()), mode: mode.value};
      } else if (type === 'set_priority') {
        const p = picker({name: f('priority_id'), options: options(priorities), value: a.priority_id, empty: t('auto.pick')});
        params.append(field('auto.f.priority', p.el));
        read = () => ({priority_id: Number(p.value())});
      } else if (type === 'set_status') {
        const s = enumSelect(f('status'), STATUSES, a.status || 'resolved', 'status.');
        // named as the server names it in an error: summary (resolved) or reason
        const text = h('input', {type: 'text', name: f(s.value === 'resolved' ? 'summary' : 'reason'), value: a.summary || a.reason || ''});
        s.addEventListener('change', () => { text.name = f(s.value === 'resolved' ? 'summary' : 'reason'); });
        params.append(field('auto.f.status', s), field('auto.f.status_text', text, {hint: 'auto.f.status_hint'}));
        read = () => ({status: s.value, [s.value === 'resolved' ? 'summary' : 'reason']: text.value.trim() || undefined});
      } else if (type === 'add_tags') {
        const m = multiRef(f('tags'), 'auto.f.tags', {options: tagOpts}, a.tags || [], new Map((a.tags || []).map((x) => [x, x])));
        params.append(m.el);
        read = () => ({tags: m.values()});
      } else if (type === 'escalate' || type === 'follow_up') {
        const tier = enumSelect(f('tier'), ['1', '2', '3'], String(a.tier || 2), 'auto.tier.');
        params.append(field('auto.f.tier', tier));
        let unit = null;
        if (type === 'escalate') {
          unit = picker({name: f('unit_id'), options: options(units), value: a.unit_id, empty: t('auto.none_unit')});
          params.append(field('auto.f.esc_unit', unit.el));
        }
        read = () => ({tier: Number(tier.value), ...(unit && unit.value() ? {unit_id: Number(unit.value())} : {})});
      } else if (type === 'reply') {
        const c = picker({name: f('canned_response_id'), options: options(canned, 'title'), value: a.canned_response_id, empty: t('auto.pick')});
        params.append(field('auto.f.canned', c.el, {hint: 'auto.f.canned_hint'}));
        read = () => ({canned_response_id: Number(c.value())});
      } else if (type === 'notify') {
        const to = enumSelect(f('to'), ['requester', 'assignee', 'admins', 'user'], a.to || 'admins', 'auto.to.');
        const user = picker({name: f('user_id'), find: findUsers, value: a.user_id, valueLabel: a.user_label});
        const uf = field('auto.f.user', user.el);
        const msg = h('textarea', {name: f('message'), rows: 2}, a.message || '');
        const sync = () => { uf.hidden = to.value !== 'user'; };
        to.addEventListener('change', sync);
        params.append(field('auto.f.to', to), uf, field('auto.f.message', msg));
        sync();
        read = () => ({to: to.value, message: msg.value.trim(), ...(to.value === 'user' ? {user_id: Number(user.value())} : {})});
      }
    }
    typeSel.addEventListener('change', () => { a = {}; draw(typeSel.value); });
    draw(typeSel.value);
    const rm = h('button', {type: 'button', class: 'btn small', onclick: () => box.remove()}, t('auto.remove_action'));
    box.append(h('div', {class: 'auto-action-head'}, field('auto.f.action', typeSel), rm), params);
    box.read = () => ({type: typeSel.value, ...read()});
    return box;
  }

  function edit(rule) {
    const r = rule || {name: '', kind: 'trigger', enabled: true, events: ['created'], timing: {}, conditions: {}, actions: [{type: 'assign'}]};
    const c = r.conditions || {};
    editCard.hidden = false;
    clear(editCard);
    const form = h('form', {novalidate: true, 'aria-labelledby': 'auto-edit-h'});
    const name = h('input', {type: 'text', name: 'name', value: r.name, maxlength: 200});
    const kind = enumSelect('kind', ['trigger', 'time'], r.kind, 'auto.kind.');
    const events = checks('events', 'auto.f.events', EVENTS, r.events, 'auto.ev.');
    const ttype = enumSelect(T('type'), TIMINGS, r.timing.type || 'waiting_days', 'auto.timing.');
    const tn = h('input', {type: 'number', min: 1, name: r.timing.type === 'waiting_days' || !r.timing.type ? T('days') : T('minutes'),
      value: r.timing.days || r.timing.minutes || 3});
    ttype.addEventListener('change', () => { tn.name = ttype.value === 'waiting_days' ? T('days') : T('minutes'); });
    const timing = h('div', {class: 'auto-grid'}, field('auto.f.timing', ttype), field('auto.f.timing_n', tn, {hint: 'auto.f.timing_hint'}));
    const enabled = h('input', {type: 'checkbox', name: 'enabled'});
    enabled.checked = r.enabled;
    const sync = () => { events.el.hidden = kind.value !== 'trigger'; timing.hidden = kind.value !== 'time'; };
    kind.addEventListener('change', sync);

    const svc = multiRef(C('service_ids'), 'auto.c.services', {options: options(services)}, c.service_ids || [], names(services));
    const cat = multiRef(C('category_ids'), 'auto.c.categories', {options: options(categories)}, c.category_ids || [], names(categories));
    const unit = multiRef(C('unit_ids'), 'auto.c.units', {options: options(units)}, c.unit_ids || [], names(units));
    const prio = multiRef(C('priority_ids'), 'auto.c.priorities', {options: options(priorities)}, c.priority_ids || [], names(priorities));
    const reqs = multiRef(C('requester_ids'), 'auto.c.requesters', {find: findUsers}, c.requester_ids || []);
    const tg = multiRef(C('tags'), 'auto.c.tags', {options: tagOpts}, c.tags || [], new Map((c.tags || []).map((x) => [x, x])));
    const chans = checks(C('channels'), 'auto.c.channels', CHANNELS, c.channels, 'auto.ch.');
    const stats = checks(C('statuses'), 'auto.c.statuses', ['new', ...STATUSES], c.statuses, 'status.');
    const wordIn = h('input', {type: 'text', name: C('words'), value: (c.words || []).join(', ')});
    const rmax = h('input', {type: 'number', min: 1, max: 5, name: C('rating_max'), value: c.rating_max || ''});
    const rmin = h('input', {type: 'number', min: 1, max: 5, name: C('rating_min'), value: c.rating_min || ''});
    const hours = enumSelect(C('outside_hours'), ['any', 'outside', 'inside'],
      c.outside_hours === true ? 'outside' : c.outside_hours === false ? 'inside' : 'any', 'auto.hours.');
    const cal = picker({name: C('calendar_id'), options: options(calendars), value: c.calendar_id || (calendars[0] && calendars[0].id)});

    const actionsBox = h('div', {class: 'auto-actions'});
    let n = 0;
    for (const a of r.actions) actionsBox.append(actionRow({...a}, n++));
    const addAction = h('button', {type: 'button', class: 'btn', onclick: () => actionsBox.append(actionRow({type: 'notify'}, n++))}, t('auto.add_action'));

    function body() {
      const cond = {};
      const put1 = (k, v) => { if (v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) cond[k] = v; };
      put1('service_ids', ints(svc.values()));
      put1('category_ids', ints(cat.values()));
      put1('unit_ids', ints(unit.values()));
      put1('priority_ids', ints(prio.values()));
      put1('requester_ids', ints(reqs.values()));
      put1('tags', tg.values());
      put1('channels', chans.values());
      put1('statuses', stats.values());
      put1('words', words(wordIn.value));
      put1('rating_max', rmax.value ? Number(rmax.value) : undefined);
      put1('rating_min', rmin.value ? Number(rmin.value) : undefined);
      if (hours.value !== 'any') { cond.outside_hours = hours.value === 'outside'; cond.calendar_id = Number(cal.value()); }
      const out = {name: name.value.trim(), kind: kind.value, enabled: enabled.checked, conditions: cond,
        actions: [...actionsBox.children].map((x, i) => { x.dataset.i = i; return x.read(); })};
      if (kind.value === 'trigger') out.events = events.values();
      else out.timing = {type: ttype.value, [tn.name.split('.')[1]]: Number(tn.value)};
      return out;
    }
    // the server counts actions from 0 in the order sent: rename the rows' fields to match
    function renumber() {
      [...actionsBox.children].forEach((row, i) => row.querySelectorAll('[name^="actions["]').forEach((el) => {
        el.name = el.name.replace(/^actions\[\d+\]/, `actions[${i}]`);
      }));
    }

    const save = h('button', {type: 'submit', class: 'btn primary'}, t('auto.save'));
    const dry = h('button', {type: 'button', class: 'btn', onclick: () => { renumber(); dryRun('/automation/dry-run', body(), name.value || t('auto.unnamed')); }}, t('auto.dry_unsaved'));
    const cancel = h('button', {type: 'button', class: 'btn', onclick: () => { editCard.hidden = true; clear(editCard); }}, t('common.cancel'));
    form.append(h('h2', {id: 'auto-edit-h', tabindex: '-1'}, t(rule ? 'auto.edit_title' : 'auto.new_title')),
      h('div', {class: 'auto-grid'}, field('auto.f.name', name, {required: true}), field('auto.f.kind', kind),
        h('label', {class: 'auto-check'}, enabled, ' ', t('auto.f.enabled'))),
      events.el, timing,
      h('fieldset', {class: 'auto-conds'}, h('legend', {}, t('auto.conditions')), h('p', {class: 'hint'}, t('auto.conditions_hint')),
        h('div', {class: 'auto-grid'}, svc.el, cat.el, unit.el, prio.el, reqs.el, tg.el),
        chans.el, stats.el,
        h('div', {class: 'auto-grid'}, field('auto.c.words', wordIn, {hint: 'auto.c.words_hint'}), field('auto.c.rating_max', rmax), field('auto.c.rating_min', rmin),
          field('auto.c.hours', hours), field('auto.c.calendar', cal.el))),
      h('fieldset', {class: 'auto-acts'}, h('legend', {}, t('auto.actions')), actionsBox, addAction),
      h('div', {class: 'actions'}, cancel, dry, save));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      renumber();
      try {
        if (rule) await put('/automation/rules/' + rule.id, body()); else await post('/automation/rules', body());
        flash('auto.saved');
        editCard.hidden = true;
        clear(editCard);
        await load();
      } catch (err) { showErrors(form, err); }
    });
    editCard.append(form);
    sync();
    form.querySelector('h2').focus();
  }

  add.addEventListener('click', () => edit(null));
  await load();
}
