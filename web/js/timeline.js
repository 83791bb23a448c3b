// The ticket timeline and attachment list, shared by the requester's
// ticket page and the agents' workspace. Event bodies are user text and
// are rendered as text only.
import {h, clear} from './dom.js';
import {t, fmtDate, has} from './i18n.js';
import {get, request} from './api.js';
import {dialog, flash} from './ui.js';
import {previewButton} from './attachment_preview.js';

function describe(ev) {
  switch (ev.kind) {
    case 'status':
      return t('event.status', {from: ev.old_value ? t('status.' + ev.old_value) : '—', to: t('status.' + ev.new_value)});
    case 'assigned':
      return ev.body ? t('event.assigned', {name: ev.body}) : t('event.unassigned');
    case 'escalated': // issue #20 item 8: where it went, by name
      return ev.target ? t('flow.escalated_to', {tier: ev.new_value, name: ev.target}) : t('event.escalated', {tier: ev.new_value});
    case 'rating':
      return t('event.rating', {score: ev.new_value});
    case 'attachment':
      return t('event.attachment', {name: ev.new_value || ''});
    case 'field':
      return t('event.field', {field: has('ticket.' + ev.field) ? t('ticket.' + ev.field) : ev.field,
        value: ev.new_value === null ? '—' : ev.new_value});
    case 'tags':
      return t('event.tags', {value: ev.new_value || '—'});
    case 'channel':
      return t('event.channel', {channel: t('channel.' + ev.new_value)});
    case 'merged':
      return t('event.merged', {into: ev.new_value});
    case 'attachment_deleted':
      return t('attdel.event', {name: ev.old_value || ''});
    case 'merged_from':
      return t('event.merged_from', {from: ev.new_value});
    case 'reject_code': // issue #21: why staff turned the ticket down
      return t('event.reject_code', {code: ev.new_value});
    case 'macro': // issue #20: the macro whose actions follow
      return t('event.macro', {name: ev.new_value});
    default:
      return has('event.' + ev.kind) ? t('event.' + ev.kind) : ev.kind;
  }
}

export async function timeline(number) {
  const r = await get(`/tickets/${encodeURIComponent(number)}/events`);
  const ol = h('ol', {class: 'timeline'});
  for (const ev of r.items) {
    const cls = 'ev ev-' + ev.kind + (ev.internal ? ' internal' : '');
    const body = ev.body && ['comment', 'note', 'status', 'escalated', 'escalation_reason', 'rating', 'attachment_deleted'].includes(ev.kind)
      ? h('div', {class: 'ev-body'}, ev.body) : null;
    ol.append(h('li', {class: cls},
      h('div', {class: 'ev-head'},
        h('strong', {}, ev.actor_name || t('event.system')), ' ',
        h('span', {class: 'ev-what'}, ev.kind === 'comment' || ev.kind === 'note' ? t('event.' + ev.kind) : describe(ev)),
        ev.internal ? h('span', {class: 'badge internal'}, t('event.internal')) : null,
        h('time', {datetime: ev.at}, fmtDate(ev.at))),
      body));
  }
  return h('section', {class: 'card', 'aria-labelledby': 'tl-h'}, h('h2', {id: 'tl-h'}, t('ticket.timeline')), ol);
}

export async function attachments(number) {
  const r = await get(`/tickets/${encodeURIComponent(number)}/attachments`);
  const ul = h('ul', {class: 'attachments'});
  for (const a of r.items) {
    ul.append(h('li', {}, h('a', {href: a.url, download: a.filename}, a.filename), ' ',
      h('span', {class: 'muted small'}, `${Math.ceil(a.size / 1024)} KB · ${a.uploader_name || ''}`),
      previewButton(a), // issue #20: images and PDFs open in a preview
      a.internal ? h('span', {class: 'badge internal'}, t('event.internal')) : null,
      a.can_delete ? deleteButton(number, a, () => section) : null));
  }
  if (!r.items.length) ul.append(h('li', {class: 'muted'}, t('ticket.no_attachments')));
  const section = h('section', {class: 'card', 'aria-labelledby': 'att-h'}, h('h2', {id: 'att-h'}, t('ticket.attachments')), ul);
  return section;
}

// Issue #21 item 8: a soft delete with a required reason, under the role
// policy (the list says can_delete); the list is drawn again afterwards.
function deleteButton(number, a, section) {
  return h('button', {type: 'button', class: 'btn small danger att-delete', 'aria-label': t('attdel.button_for', {name: a.filename}),
    onclick: async () => {
      const v = await dialog({title: 'attdel.title', text: t('attdel.text', {name: a.filename}),
        fields: [{name: 'reason', label: 'attdel.reason', type: 'textarea', required: true}],
        okLabel: 'attdel.confirm', danger: true});
      if (!v) return;
      try {
        await request('DELETE', '/attachments/' + a.id, {reason: v.reason});
        section().replaceWith(await attachments(number));
        flash('attdel.done');
      } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
    }}, t('attdel.button'));
}

export function replace(oldNode, newNode) { oldNode.replaceWith(newNode); return newNode; }
export {clear};
