// An office's letter settings (GET|PUT /units/{id}/letter-settings): the
// letterhead and logo, the officials who sign (PPK and signer), the
// partners' role, and the letter-number patterns with a sample of each. A
// partner admin edits their own office's; admins any office's. An empty
// field takes the default, shown as its placeholder.
import {h, clear, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, request, del, getAll} from '../api.js';
import {pageHeader, field, flash, showErrors, clearErrors, errorBox} from '../ui.js';
import {picker} from '../picker.js';
import {partnerNav} from '../partner_common.js';
import {session} from '../session.js';

const GROUPS = [
  ['partner_set.g_head', [['head_lines', 'textarea'], ['unit_code'], ['address'], ['city'], ['region']]],
  ['partner_set.g_officials', [['ppk_name'], ['ppk_nip'], ['ppk_position'], ['signer_name'], ['signer_nip'],
    ['signer_position'], ['partner_role']]],
  ['partner_set.g_numbers', [['pattern_contract'], ['pattern_assignment'], ['pattern_bast'], ['pattern_termination']]],
];
const NAMES = GROUPS.flatMap(([, fs]) => fs.map(([n]) => n));

function settingsForm(unitId, box) {
  const inputs = {};
  const samples = {};
  const form = h('form', {class: 'card', id: 'letter-settings', novalidate: true});
  const logoBox = h('div', {class: 'logo-box', 'aria-live': 'polite'});
  const save = h('button', {type: 'submit', class: 'btn primary'}, t('common.save'));

  function fill(s) {
    for (const n of NAMES) {
      inputs[n].value = s[n] || '';
      inputs[n].placeholder = (s.effective && s.effective[n]) || '';
      if (samples[n]) samples[n].textContent = t('partner_set.sample', {number: (s.sample_numbers || {})[n.replace('pattern_', '')] || '—'});
    }
    clear(logoBox);
    if (s.has_logo) {
      logoBox.append(h('img', {src: s.logo_url + '?v=' + encodeURIComponent(s.updated_at || ''), alt: t('partner_set.logo_alt'), class: 'logo-preview'}),
        h('button', {type: 'button', class: 'btn small danger', id: 'logo-remove', onclick: removeLogo}, t('partner_set.logo_remove')));
    } else logoBox.append(h('p', {class: 'muted'}, t('partner_set.logo_none')));
  }

  for (const [legend, fields] of GROUPS) {
    const fs = h('fieldset', {class: 'grid2'}, h('legend', {}, t(legend)));
    for (const [name, type] of fields) {
      inputs[name] = type === 'textarea' ? h('textarea', {name, rows: 3}) : h('input', {name, autocomplete: 'off'});
      const f = field('partner_set.' + name, inputs[name], {hint: name === 'head_lines' ? 'partner_set.head_lines_hint' : null});
      if (name.startsWith('pattern_')) {
        samples[name] = h('p', {class: 'hint sample-number'});
        f.append(samples[name]);
      }
      fs.append(f);
    }
    if (legend === 'partner_set.g_numbers') fs.append(h('p', {class: 'hint'}, t('partner_set.pattern_hint')));
    form.append(fs);
  }
  const logoId = nextId('logo');
  const logoFile = h('input', {type: 'file', id: logoId, accept: 'image/png'});
  logoFile.addEventListener('change', async () => {
    if (!logoFile.files.length) return;
    try {
      fill(await request('PUT', `/units/${unitId}/letter-settings/logo`, logoFile.files[0], {type: 'image/png'}));
      flash('partner_set.logo_saved');
    } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
    logoFile.value = '';
  });
  async function removeLogo() {
    try { fill(await del(`/units/${unitId}/letter-settings/logo`)); flash('partner_set.logo_removed'); } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  }
  form.append(h('fieldset', {}, h('legend', {}, t('partner_set.logo')), logoBox,
    h('div', {class: 'field'}, h('label', {for: logoId}, t('partner_set.logo_upload')), logoFile)),
  h('div', {class: 'actions'}, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {};
    for (const n of NAMES) body[n] = inputs[n].value.trim(); // PUT replaces: empty = the default
    save.disabled = true;
    try {
      fill(await request('PUT', `/units/${unitId}/letter-settings`, body));
      flash('partner_set.saved');
    } catch (x) { showErrors(form, x); }
    save.disabled = false;
  });
  clear(box);
  box.append(form);
  return get(`/units/${unitId}/letter-settings`).then(fill);
}

export async function render(main) {
  const own = session.user.role !== 'admin' ? session.user.unit_id : null;
  const units = (await getAll('/units', {}, 5).catch(() => [])).filter((u) => !own || u.id === own);
  const box = h('div', {'aria-live': 'polite'});
  const office = picker({name: 'unit_id', label: 'partner_set.office',
    find: async (q) => units.filter((u) => !q || u.name.toLowerCase().includes(q.toLowerCase()))
      .map((u) => ({value: u.id, label: u.name, item: u})),
    onChange: (o) => {
      if (!o) { clear(box); return; }
      settingsForm(o.value, box).catch((e) => { clear(box); box.append(errorBox(e)); });
    }});
  main.append(partnerNav('settings'), pageHeader('partner_set.title'), h('p', {class: 'lead'}, t('partner_set.intro')),
    h('div', {class: 'card'}, office.el), box);
  await office.reload();
}
