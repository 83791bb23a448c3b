// Browser test of issue #21 items 7 and 8: the admins' settings page (the
// office's name and letterhead, mail settings with a write-only password and
// a test send with a clear result; the desk rules of item 5 switched by
// their checkboxes), the role policy matrix (saved after a
// confirmation, in force at once) and deleting an attachment from the
// ticket page with a reason. Both pages and the dialog at 1280 and 375 px,
// axe-core clean. Prints TAP.
import path from 'node:path';
import {setup, expect, OUT, axeBoth, axeClean, finish, loginPage, apiAs, PASSWORD} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const SECRET = 'rahasia-smtp-pelikan-42';
const admin = await apiAs(base, 'admin@demo.test');

const both = axeBoth; // harness.mjs

const page = await loginPage(browser, base, 'admin', errors);

await t.case('settings: the office name and letterhead save and apply', async () => {
  await page.goto(base + '/#/admin/settings');
  await page.waitForSelector('main h2:text("Identitas kantor")');
  await page.fill('input[name=org_name]', 'Diskominfo Bukittinggi');
  await page.fill('textarea[name=letterhead]', 'Jl. Sudirman No. 1, Bukittinggi');
  await page.click('form[aria-labelledby=set-id-h] button[type=submit]');
  await page.waitForSelector('#flash :text("Pengaturan disimpan.")');
  const s = await admin.get('/settings/office');
  expect(s.org_name === 'Diskominfo Bukittinggi' && s.letterhead.startsWith('Jl. Sudirman'), 'saved: ' + JSON.stringify(s));
  expect(await page.isVisible('main :text("Semua pengaturan server")'), 'every server setting listed below');
});

await t.case('settings: the SMTP password is write-only and shown as "tersimpan"', async () => {
  await page.fill('input[name=smtp_host]', '127.0.0.1');
  await page.fill('input[name=smtp_port]', '1');
  await page.fill('input[name=smtp_password]', SECRET);
  await page.click('form[aria-labelledby=set-mail-h] button[type=submit]');
  await page.waitForSelector('#smtp-pw-state:text("tersimpan")');
  const v = await page.inputValue('input[name=smtp_password]');
  const html = await page.content();
  expect(v === '' && !html.includes(SECRET), 'the password is not in the page');
  expect(await page.getAttribute('input[name=smtp_password]', 'placeholder') === 'tersimpan', 'placeholder says tersimpan');
  expect(await page.isVisible('.restart-needed:text("dimulai ulang")'), 'the page says the mail worker needs a restart');
});

await t.case('settings: a test mail to a closed port says clearly that it failed', async () => {
  await page.fill('input[name=to]', 'uji@demo.test');
  await page.click('#test-mail');
  await page.waitForSelector('.test-mail-result.bad:text("Gagal mengirim")');
});

await t.case('settings: the desk rules switch live from their own section', async () => {
  await page.waitForSelector('main h2:text("Aturan layanan")');
  const box = 'form[aria-labelledby=set-rules-h] input[name=agent_close]';
  expect(!(await page.isChecked(box)), 'agent_close starts off');
  expect(await page.isVisible('form[aria-labelledby=set-rules-h] label:text("Agen boleh menutup tiket yang ditanganinya")'),
    'the checkbox has its label');
  await page.click('form[aria-labelledby=set-rules-h] label:text("Agen boleh menutup")');
  await page.check('form[aria-labelledby=set-rules-h] input[name=tag_before_resolve]');
  await page.click('form[aria-labelledby=set-rules-h] button[type=submit]');
  await page.waitForSelector('#flash :text("Pengaturan disimpan.")');
  // the flash may still be the previous section's: wait for the saved state
  let s;
  for (let i = 0; i < 50 && !((s = await admin.get('/settings/office')).agent_close && s.tag_before_resolve); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(s.agent_close === true && s.tag_before_resolve === true, 'both on: ' + JSON.stringify(s));
  await page.uncheck('form[aria-labelledby=set-rules-h] input[name=tag_before_resolve]');
  await page.click('form[aria-labelledby=set-rules-h] button[type=submit]');
  for (let i = 0; i < 50 && (s = await admin.get('/settings/office')).tag_before_resolve; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(s.agent_close === true && s.tag_before_resolve === false, 'tag rule off again: ' + JSON.stringify(s));
  await page.reload();
  await page.waitForSelector('main h2:text("Aturan layanan")');
  expect(await page.isChecked(box) && !(await page.isChecked(
    'form[aria-labelledby=set-rules-h] input[name=tag_before_resolve]')), 'the page shows the rules in force');
  const rules = page.locator('form[aria-labelledby=set-rules-h]');
  await rules.screenshot({path: path.join(OUT, '60-desk-rules-desktop.png')});
  // on the phone too: switched back off by its label (tapping the text)
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'desk rules (375 px)');
  await page.click('form[aria-labelledby=set-rules-h] label:text("Agen boleh menutup")');
  expect(!(await page.isChecked(box)), 'the label toggles the checkbox on the phone');
  await rules.screenshot({path: path.join(OUT, '60-desk-rules-phone.png')});
  await page.click('form[aria-labelledby=set-rules-h] button[type=submit]');
  for (let i = 0; i < 50 && (s = await admin.get('/settings/office')).agent_close; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(s.agent_close === false, 'agent_close off again from the phone: ' + JSON.stringify(s));
  await page.setViewportSize({width: 1280, height: 900});
});

await t.case('settings page at 1280 and 375 px: axe-core finds nothing', async () => {
  await both(page, 'settings page', '60-settings');
});

await t.case('policy: a matrix of checkboxes, saved after a confirmation', async () => {
  await page.goto(base + '/#/admin/policy');
  await page.waitForSelector('main h1:text("Kebijakan peran")');
  const boxes = await page.locator('table.policy-matrix input[type=checkbox]').count();
  expect(boxes === 18, '3 rights × 6 roles, got ' + boxes);
  await both(page, 'policy page', '61-policy');
  await page.check('input[name="attachment.delete:agent1"]');
  await page.click('#policy-save');
  await page.waitForSelector('dialog[open] h2:text("Ubah kebijakan peran?")');
  await axeClean(page, 'policy confirmation');
  await page.click('dialog[open] button:text("Batal")');
  await page.waitForSelector('dialog', {state: 'detached'});
  let p = await admin.get('/role-policy');
  expect(p.policy['attachment.delete'].agent1 === false, 'cancel changes nothing');
  await page.check('input[name="attachment.delete:agent1"]');
  await page.click('#policy-save');
  await page.click('dialog[open] button:text("Ya, ubah")');
  await page.waitForSelector('#flash :text("Kebijakan disimpan")');
  p = await admin.get('/role-policy');
  expect(p.policy['attachment.delete'].agent1 === true, 'saved: ' + JSON.stringify(p.policy));
});

await t.case('ticket page: a tier-1 agent deletes an attachment with a reason', async () => {
  const req = await apiAs(base, 'requester@demo.test');
  const svc = (await req.get('/services')).items[0].id;
  const tk = await req.post('/tickets', {title: 'Lampiran keliru', description: 'x', service_id: svc});
  // upload through the API with the requester's session
  const login = await fetch(base + '/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({login: 'requester@demo.test', password: PASSWORD})});
  const lj = await login.json();
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const fd = new FormData();
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7568' + '11b0000000049454e44ae426082', 'hex');
  fd.append('file', new Blob([png], {type: 'image/png'}), 'salah.png');
  const up = await fetch(`${base}/api/v1/tickets/${tk.number}/attachments`, {method: 'POST', body: fd,
    headers: {Cookie: cookie, 'X-CSRF-Token': lj.csrf_token}});
  expect(up.status === 201, 'uploaded: ' + up.status);
  const agent = await loginPage(browser, base, 'agent', errors);
  await agent.goto(`${base}/#/tickets/${tk.number}`);
  await agent.waitForSelector('ul.attachments :text("salah.png")');
  await agent.click('button.att-delete');
  await agent.waitForSelector('dialog[open] h2:text("Hapus lampiran?")');
  await axeClean(agent, 'delete dialog (1280 px)');
  await agent.screenshot({path: path.join(OUT, '62-attachment-delete-desktop.png')});
  await agent.setViewportSize({width: 375, height: 740});
  await axeClean(agent, 'delete dialog (375 px)');
  await agent.screenshot({path: path.join(OUT, '62-attachment-delete-phone.png')});
  await agent.setViewportSize({width: 1280, height: 900});
  await agent.click('dialog[open] button.danger'); // no reason: refused on the page
  await agent.waitForSelector('dialog[open] .field-error:not([hidden])');
  await agent.fill('dialog[open] textarea[name=reason]', 'Salah unggah');
  await agent.click('dialog[open] button.danger');
  await agent.waitForSelector('#flash :text("Lampiran dihapus.")');
  await agent.waitForSelector('ul.attachments :text("salah.png")', {state: 'detached'});
  const list = await req.get(`/tickets/${tk.number}/attachments`);
  expect(list.items.length === 0, 'gone for the requester too');
  const ev = (await req.get(`/tickets/${tk.number}/events`)).items.filter((e) => e.kind === 'attachment_deleted');
  expect(ev.length === 1 && ev[0].body === 'Salah unggah', 'a timeline event with the reason');
  await agent.context().close();
});

await finish(t, browser, srv, errors);
