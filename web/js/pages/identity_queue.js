// "Pemohon belum terverifikasi" (issue #21 item 4, seed 002 V.3: the agent
// checks the identity the user sent): requesters a WhatsApp or e-mail
// intake registered, with what they sent and their tickets; "Verifikasi"
// asks for confirmation, then marks the identity checked (by me, now).
import {h} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post} from '../api.js';
import {listView, localLoader, pageHeader, flash, dialog, statusBadge} from '../ui.js';

export function render(main) {
  let view;
  const verify = (u) => async () => {
    const ok = await dialog({title: 'idv.confirm_title', okLabel: 'idv.verify',
      text: t('idv.confirm_text', {name: u.name, number: u.identity_number || '—'})});
    if (!ok) return;
    try {
      await post(`/users/${u.id}/verify-identity`);
      flash(t('idv.verified_flash', {name: u.name}), 'ok', true);
      view.reload();
    } catch (e) { flash(e.message, 'error', true); }
  };
  const contact = (u) => [u.phone, u.email && !u.email.endsWith('.invalid') ? u.email : null].filter(Boolean).join(' · ');
  view = listView({
    label: 'idv.title',
    columns: [
      {label: 'idv.requester', render: (u) => h('div', {},
        h('strong', {}, u.name), h('div', {class: 'muted'}, contact(u)),
        h('div', {class: 'muted'}, t('idv.via', {channel: t('channel.' + u.identity_channel), date: fmtDate(u.created_at)})))},
      {label: 'idv.sent', render: (u) => (u.identity_sent
        ? h('div', {}, h('p', {class: 'pre idv-sent'}, u.identity_sent),
          u.identity_number ? h('p', {}, t('idv.number', {number: u.identity_number})) : null,
          h('p', {class: 'muted'}, t('idv.sent_at', {date: fmtDate(u.identity_sent_at)})))
        : h('span', {class: 'muted'}, t('idv.nothing_sent')))},
      {label: 'idv.tickets', render: (u) => (u.tickets.length
        ? h('ul', {class: 'idv-tickets'}, u.tickets.map((tk) => h('li', {},
          h('a', {href: '#/tickets/' + tk.number, class: 'mono'}, tk.number), ' ', statusBadge(tk.status), ' ', tk.title)))
        : '—')},
      {label: 'common.actions', render: (u) => h('button', {type: 'button', class: 'btn primary', onclick: verify(u),
        'aria-label': t('idv.verify_who', {name: u.name})}, t('idv.verify'))},
    ],
    empty: 'idv.empty',
    load: (p) => localLoader(async () => (await get('/identity/queue')).items,
      ['name', 'phone', 'email', 'identity_sent', 'identity_number'])(p),
  });
  main.append(pageHeader('idv.title'), h('p', {class: 'muted'}, t('idv.intro')), view);
}
