// Agents' queues: new, mine, my unit, breaching soon, all. Each is the
// list view with search, filters, sort and bulk actions (assign, tag,
// change status).
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, patch, qs} from '../api.js';
import {session, role} from '../session.js';
import {ref, options} from '../refdata.js';
import {listView, pageHeader, dialog} from '../ui.js';
import {col, statusOptions, OPEN} from '../tickets_list.js';
import {collapseFilters} from '../filter_toggle.js';
import {liveQueue} from '../live.js';
import {macroBulk} from '../macros.js';
import {bulkStatus, errorText} from '../bulk_status.js';

const QUEUES = {
  new: () => ({status: 'new'}),
  mine: () => ({assignee_id: 'me', status: OPEN}),
  // tier 2 works for the unit tickets are escalated to; others for their own unit's requesters
  unit: () => (session.user.tier === 2 ? {tier: 2, status: OPEN} : {unit_id: session.user.unit_id || '', status: OPEN}),
  breaching: () => ({status: 'new,in_progress', due_within_minutes: 240, sort: 'resolution_due'}),
  all: () => ({}),
  // seed 002: the supervisor sees every ticket filed under a tag (issue #21)
  untriaged: () => ({untagged: 'true'}),
};

async function bulkRun(items, f) {
  let ok = 0;
  const errors = [];
  for (const tk of items) {
    try { await f(tk); ok += 1; } catch (e) { errors.push(`${tk.number}: ${errorText(e)}`); }
  }
  if (errors.length) return {text: t('bulk.partial', {ok, failed: errors.length}) + ' ' + errors.join('; '), kind: 'error'};
  return {text: t('bulk.done', {n: ok}), kind: 'ok'};
}

export async function render(main, [name]) {
  if (!QUEUES[name]) name = 'new';
  const [services, priorities, tags] = await Promise.all([ref('services'), ref('priorities'), ref('tags')]);
  const tabs = h('nav', {class: 'tabs', 'aria-label': t('queue.label')});
  for (const q of Object.keys(QUEUES)) {
    tabs.append(h('a', {href: '#/queue/' + q, 'aria-current': q === name ? 'page' : null}, t('queue.' + q)));
  }
  const fixed = QUEUES[name]();
  const filters = [];
  if (!fixed.status || name === 'all') filters.push({name: 'status', label: 'ticket.status', enum: true, options: statusOptions()});
  filters.push({name: 'service_id', label: 'ticket.service', options: options(services)},
    {name: 'priority', label: 'ticket.priority', options: priorities.map((p) => ({value: p.code, label: t('priority.' + p.code)}))},
    {name: 'channel', label: 'ticket.channel', enum: true, options: ['web', 'email', 'phone', 'whatsapp', 'walk_in'].map((c) => ({value: c, label: t('channel.' + c)}))});
  if (name === 'untriaged') filters.push({name: 'uncategorised', label: 'triage.category_filter', enum: true, options: [{value: 'true', label: t('triage.no_category')}]});
  const sorts = [
    {value: '-created_at', label: t('sort.newest')}, {value: 'created_at', label: t('sort.oldest')},
    {value: '-updated_at', label: t('sort.updated')}, {value: '-priority', label: t('sort.priority')},
    {value: 'resolution_due', label: t('sort.due')}, {value: 'number', label: t('sort.number')},
  ];
  const canWork = role() !== 'leader';
  const bulk = canWork ? [
    {label: 'bulk.take', run: (items) => bulkRun(items, (tk) => post(`/tickets/${tk.number}/assign`, {}))},
    {label: 'bulk.assign', run: async (items) => {
      const users = (await ref('users').catch(() => [])).filter((u) => u.active && (u.role === 'agent' || u.role === 'admin'));
      const v = await dialog({title: 'ws.assign_title', okLabel: 'ws.assign', fields: [{name: 'assignee_id', label: 'ticket.assignee',
        type: 'select', required: true, empty: t('common.choose'), options: users.map((u) => ({value: u.id, label: u.name}))}]});
      if (!v) return false;
      return bulkRun(items, (tk) => post(`/tickets/${tk.number}/assign`, {assignee_id: Number(v.assignee_id)}));
    }},
    {label: 'bulk.tag', run: async (items) => {
      const v = await dialog({title: 'bulk.tag_title', okLabel: 'common.add', fields: [{name: 'tag', label: 'ticket.tags',
        type: 'select', required: true, empty: t('common.choose'), options: tags.filter((x) => x.active).map((x) => ({value: x.name, label: x.name}))}]});
      if (!v) return false;
      return bulkRun(items, (tk) => (tk.tags.includes(v.tag) ? null : patch(`/tickets/${tk.number}`, {tags: [...tk.tags, v.tag], version: tk.version})));
    }},
    bulkStatus(bulkRun),
    macroBulk(), // issue #20: apply a macro to each selected ticket
  ] : null;
  const {sort, ...fixedFilters} = fixed;
  main.append(pageHeader('queue.title'), tabs,
    listView({
      columns: [col.number, col.title, col.requester, col.status, col.priority, col.assignee, col.due, col.created],
      filters, sorts, defaultSort: sort || '-created_at',
      selectable: canWork, rowKey: (tk) => tk.number, bulk,
      empty: 'queue.empty',
      load: (p) => get('/tickets' + qs({...p, ...fixedFilters, status: p.status || fixedFilters.status})),
    }));
  collapseFilters(main.querySelector('.list')); // issue #20 item 13: a "Filter" button on phones
  liveQueue(main, name, QUEUES); // issue #20: counts, the new-tickets bar (web/js/live.js)
}
