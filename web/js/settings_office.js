// The editable part of the admins' settings page (issue #21 item 7, seed
// 001): the office's name, logo and letterhead, the outgoing mail server
// with a test send. GET/PUT /settings/office; the SMTP password is
// write-only (the page shows only "tersimpan"). What needs a restart says so.
import {h, clear, select, nextId} from './dom.js';
import {t} from './i18n.js';
import {get, post, request} from './api.js';
import {field, flash, clearErrors, showErrors} from './ui.js';
import {rulesSection} from './settings_rules.js';

const TEXT = ['org_name', 'smtp_host', 'smtp_user', 'mail_from'];

export async function officeSections() {
  let s = await get('/settings/office');
  const inputs = {};
  const mk = (name, attrs = {}) => (inputs[name] = h('input', {name, autocomplete: 'off', ...attrs}));
  // ---- identity
  const idForm = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'set-id-h'});
  inputs.letterhead = h('textarea', {name: 'letterhead', rows: 3});
  const logoBox = h('div', {class: 'logo-box', 'aria-live': 'polite'});
  const logoId = nextId('logo');
  const logoFile = h('input', {type: 'file', id: logoId, accept: 'image/png,image/jpeg'});
  const saveId = h('button', {type: 'submit', class: 'btn primary'}, t('setoff.save'));
  idForm.append(h('h2', {id: 'set-id-h'}, t('setoff.identity')),
    h('p', {class: 'hint'}, t('setoff.live')),
    field('setoff.org_name', mk('org_name'), {required: true}),
    field('setoff.letterhead', inputs.letterhead, {hint: 'setoff.letterhead_hint'}),
    h('fieldset', {}, h('legend', {}, t('setoff.logo')), logoBox,
      h('div', {class: 'field'}, h('label', {for: logoId}, t('setoff.logo_upload')), logoFile,
        h('p', {class: 'hint'}, t('setoff.logo_hint')))),
    h('div', {class: 'actions'}, saveId));
  // ---- mail
  const mailForm = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'set-mail-h'});
  inputs.smtp_port = h('input', {name: 'smtp_port', type: 'number', min: 1, max: 65535});
  inputs.smtp_tls = select({name: 'smtp_tls', 'data-enum': ''}, [
    {value: 'none', label: t('setoff.tls_none')}, {value: 'starttls', label: 'STARTTLS'},
    {value: 'tls', label: t('setoff.tls_tls')}], 'none');
  inputs.smtp_password = h('input', {name: 'smtp_password', type: 'password', autocomplete: 'new-password'});
  const pwState = h('p', {class: 'hint', id: 'smtp-pw-state'});
  const saveMail = h('button', {type: 'submit', class: 'btn primary'}, t('setoff.save'));
  const testTo = h('input', {name: 'to', type: 'email', autocomplete: 'email'});
  const testBtn = h('button', {type: 'button', class: 'btn', id: 'test-mail'}, t('setoff.test_send'));
  const testOut = h('p', {class: 'test-mail-result', role: 'status', 'aria-live': 'polite'});
  const restart = h('p', {class: 'hint restart-needed'});
  mailForm.append(h('h2', {id: 'set-mail-h'}, t('setoff.mail')), restart,
    h('div', {class: 'grid2'},
      field('setoff.smtp_host', mk('smtp_host')), field('setoff.smtp_port', inputs.smtp_port),
      field('setoff.smtp_tls', inputs.smtp_tls), field('setoff.smtp_user', mk('smtp_user')),
      field('setoff.smtp_password', inputs.smtp_password), field('setoff.mail_from', mk('mail_from', {type: 'text'}))),
    pwState, h('div', {class: 'actions'}, saveMail),
    h('h3', {}, t('setoff.test')), field('setoff.test_to', testTo), h('div', {class: 'actions'}, testBtn), testOut);

  function fill(v) {
    s = v;
    for (const n of TEXT) inputs[n].value = s[n] || '';
    inputs.letterhead.value = s.letterhead || '';
    inputs.smtp_port.value = s.smtp_port || '';
    inputs.smtp_tls.value = s.smtp_tls || 'none';
    inputs.smtp_password.value = '';
    inputs.smtp_password.placeholder = s.smtp_password_set ? t('setoff.pw_saved') : '';
    pwState.textContent = t(s.smtp_password_set ? 'setoff.pw_state_saved' : 'setoff.pw_state_none');
    restart.textContent = (s.restart_needed || []).includes('mail_worker') ? t('setoff.restart_mail') : '';
    clear(logoBox);
    if (s.logo_url) {
      logoBox.append(h('img', {src: s.logo_url + '?v=' + Date.now(), alt: t('setoff.logo_alt'), class: 'logo-preview'}),
        h('button', {type: 'button', class: 'btn small danger', onclick: removeLogo}, t('setoff.logo_remove')));
    } else logoBox.append(h('p', {class: 'muted'}, t('setoff.logo_none')));
  }
  async function save(form, names, btn) {
    clearErrors(form);
    const body = {};
    for (const n of names) body[n] = inputs[n].value.trim();
    if ('smtp_port' in body) body.smtp_port = body.smtp_port ? Number(body.smtp_port) : 0;
    if ('smtp_password' in body && !body.smtp_password) delete body.smtp_password; // keep the stored one
    btn.disabled = true;
    try { fill(await request('PUT', '/settings/office', body)); flash('setoff.saved'); }
    catch (e) { showErrors(form, e); }
    btn.disabled = false;
  }
  idForm.addEventListener('submit', (e) => { e.preventDefault(); save(idForm, ['org_name', 'letterhead'], saveId); });
  mailForm.addEventListener('submit', (e) => {
    e.preventDefault();
    save(mailForm, ['smtp_host', 'smtp_port', 'smtp_tls', 'smtp_user', 'smtp_password', 'mail_from'], saveMail);
  });
  logoFile.addEventListener('change', async () => {
    if (!logoFile.files.length) return;
    const f = logoFile.files[0];
    try { fill(await request('PUT', '/settings/logo', f, {type: f.type || 'application/octet-stream'})); flash('setoff.logo_saved'); }
    catch (e) { flash(e.message || t('error.generic'), 'error', true); }
    logoFile.value = '';
  });
  async function removeLogo() {
    try { fill(await request('DELETE', '/settings/logo')); flash('setoff.logo_removed'); }
    catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  }
  testBtn.addEventListener('click', async () => {
    testOut.className = 'test-mail-result';
    if (!testTo.value.trim()) { testOut.textContent = t('setoff.test_need_to'); testOut.classList.add('bad'); return; }
    testBtn.disabled = true;
    testOut.textContent = t('setoff.test_sending');
    try {
      const r = await post('/settings/test-mail', {to: testTo.value.trim()});
      testOut.textContent = r.sent ? t('setoff.test_ok', {to: r.to}) : t('setoff.test_fail', {why: r.detail || '?'});
      testOut.classList.add(r.sent ? 'good' : 'bad');
    } catch (e) { testOut.textContent = e.message || t('error.generic'); testOut.classList.add('bad'); }
    testBtn.disabled = false;
  });
  fill(s);
  return [idForm, mailForm, rulesSection(s)];
}
