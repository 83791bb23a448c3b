// API tokens of the signed-in user (GET/POST /tokens, DELETE /tokens/{id}):
// list, create (the secret is shown once, never again), revoke after a
// confirmation. A password change revokes them all on the server.
import {h, clear} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, del} from '../api.js';
import {field, showErrors, clearErrors, pageHeader, dialog, flash, errorBox} from '../ui.js';

export async function render(main) {
  const listBox = h('div', {'aria-live': 'polite'});
  const secretBox = h('div');

  async function refresh() {
    let items;
    try { items = (await get('/tokens')).items; } catch (e) { clear(listBox); listBox.append(errorBox(e)); return; }
    clear(listBox);
    if (!items.length) { listBox.append(h('p', {class: 'muted'}, t('tokens.none'))); return; }
    const body = h('tbody');
    for (const tok of items) {
      const revoke = h('button', {type: 'button', class: 'btn danger', 'data-token': String(tok.id)},
        t('tokens.revoke'));
      revoke.addEventListener('click', async () => {
        const ok = await dialog({title: 'tokens.revoke_title', text: t('tokens.revoke_text', {name: tok.name}),
          okLabel: 'tokens.revoke', danger: true});
        if (!ok) return;
        try { await del('/tokens/' + tok.id); flash('tokens.revoked'); await refresh(); } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
      });
      // data-label: on a phone the table stacks and each cell names itself
      body.append(h('tr', {},
        h('td', {'data-label': t('tokens.name')}, tok.name),
        h('td', {'data-label': t('tokens.created')}, fmtDate(tok.created_at)),
        h('td', {'data-label': t('tokens.expires')}, tok.expires_at ? fmtDate(tok.expires_at) : t('tokens.never')),
        h('td', {'data-label': t('tokens.status')}, tok.expired ? t('tokens.expired') : t('tokens.active')),
        h('td', {}, revoke)));
    }
    listBox.append(h('div', {class: 'table-wrap'}, h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ...['tokens.name', 'tokens.created', 'tokens.expires', 'tokens.status', 'tokens.actions']
        .map((k) => h('th', {scope: 'col'}, t(k))))),
      body)));
  }

  const name = h('input', {name: 'name', maxlength: 100});
  const days = h('input', {name: 'expires_in_days', type: 'number', min: 1, max: 3650, inputmode: 'numeric'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('tokens.create'));
  const form = h('form', {class: 'card form', novalidate: true},
    h('h2', {}, t('tokens.new')),
    field('tokens.name', name, {required: true}),
    field('tokens.days', days),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {name: name.value.trim()};
    if (days.value.trim()) body.expires_in_days = Number(days.value);
    submit.disabled = true;
    try {
      const r = await post('/tokens', body);
      clear(secretBox);
      secretBox.append(h('section', {class: 'card', role: 'status'},
        h('h2', {}, t('tokens.created_title')), h('p', {}, t('tokens.copy_now')),
        h('p', {}, h('code', {class: 'token-secret'}, r.token))));
      name.value = '';
      days.value = '';
      await refresh();
    } catch (x) { showErrors(form, x); }
    submit.disabled = false;
  });
  main.append(pageHeader('tokens.title'), h('p', {class: 'lead'}, t('tokens.intro')), secretBox,
    h('section', {class: 'card'}, listBox), form);
  await refresh();
}
