// Browser test of the satisfaction survey (issue #22 item 6, seed 002
// "Survey Kepuasan Pengguna"): an admin creates a survey from the prepared
// questions (a refused save shows the server's message by its field),
// activates it and sends the current period; the invited requester opens the
// mailed link on a phone without signing in, is told which answers are
// missing, answers, and cannot answer twice; the leader's dashboard shows
// the result. At 1280 and 375 px with axe-core clean. Prints TAP.
import path from 'node:path';
import {setup, expect, OUT, axeClean, finish, loginPage, apiAs} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();

async function bothSizes(page, what, shot) {
  await axeClean(page, what + ' (desktop)');
  await page.screenshot({path: path.join(OUT, shot + '-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, what + ' (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, `${what}: nothing wider than the phone: ${wide}`);
  await page.screenshot({path: path.join(OUT, shot + '-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

// a ticket this month, so the period has a requester to sample
const req = await apiAs(base, 'requester@demo.test');
const svc = (await req.get('/services?per_page=200')).items.find((s) => s.kind === 'ticket');
await req.post('/tickets', {title: 'Printer ruang rapat macet', description: 'Kertas tersangkut.', service_id: svc.id});

const admin = await loginPage(browser, base, 'admin', errors);

await t.case('the admins\' survey page lists nothing yet and offers a new survey', async () => {
  await admin.goto(base + '/#/admin/surveys');
  await admin.waitForSelector('main h1:text("Survei Kepuasan")');
  await admin.waitForSelector('#survey-none');
  expect(await admin.isVisible('.admin-tabs a[href="#/admin/surveys"][aria-current=page]'), 'tab marked current');
  await bothSizes(admin, 'survey page, empty', '90-survey-empty');
});

await t.case('a new survey starts from the prepared questions; a refused save names the field', async () => {
  await admin.click('#survey-new');
  await admin.waitForSelector('dialog[open] h2:text("Survei baru")');
  const texts = await admin.$$eval('dialog[open] input[name$=".text_id"]', (l) => l.map((i) => i.value));
  expect(texts.length === 5 && texts[1].includes('teratasi dengan baik'), 'five prepared questions: ' + texts);
  await axeClean(admin, 'new survey dialog');
  await admin.fill('dialog[open] input[name=title]', '');
  await admin.fill('dialog[open] input[name="questions[1].text_id"]', '');
  await admin.click('dialog[open] button[type=submit]');
  await admin.waitForSelector('dialog[open] .form-error:not([hidden])');
  const err = await admin.textContent('dialog[open] #' + await admin.getAttribute('dialog[open] input[name=title]', 'id') + '-err');
  expect(err && err.length > 0, 'the title\'s own message: ' + err);
  expect(await admin.getAttribute('dialog[open] input[name="questions[1].text_id"]', 'aria-invalid') === 'true', 'question 2 marked');
  await axeClean(admin, 'new survey dialog with errors');
  await admin.screenshot({path: path.join(OUT, '91-survey-dialog-errors.png'), fullPage: true});
  await admin.fill('dialog[open] input[name=title]', 'Survei Kepuasan Pengguna Desember');
  await admin.fill('dialog[open] input[name="questions[1].text_id"]', 'Kendala yang anda alami dapat teratasi dengan baik.');
  await admin.fill('dialog[open] input[name=sample_size]', '10');
  await admin.click('dialog[open] button[type=submit]');
  await admin.waitForSelector('dialog', {state: 'detached'});
  await admin.waitForSelector('.sv-card:has-text("Survei Kepuasan Pengguna Desember") .badge:text("Draf")');
});

await t.case('activate and send now, each after a confirmation', async () => {
  await admin.click('.sv-card button[data-action=activate]');
  await admin.waitForSelector('dialog[open] h2:text("Aktifkan")');
  await axeClean(admin, 'activate confirmation');
  await admin.click('dialog[open] button[type=submit]');
  await admin.waitForSelector('.sv-card .badge:text("Aktif")');
  await admin.click('.sv-card button[data-action=send]');
  await admin.click('dialog[open] button[type=submit]');
  await admin.waitForSelector('#flash :text("undangan survei")');
  const say = await admin.textContent('#flash');
  expect(/[1-9]\d* undangan survei periode \d{4}-\d{2}/.test(say), 'flash says how many: ' + say);
  await admin.waitForSelector('.sv-card .hint:text("Terakhir dikirim")');
  await bothSizes(admin, 'survey page, active', '92-survey-active');
});

await t.case('an active survey\'s questions are locked; its sample can change (phone size)', async () => {
  await admin.setViewportSize({width: 375, height: 740});
  await admin.click('.sv-card button[data-action=edit]');
  await admin.waitForSelector('dialog[open] h2:text("Ubah survei")');
  expect(await admin.isDisabled('dialog[open] input[name="questions[0].text_id"]') &&
    await admin.isDisabled('dialog[open] select[name=period]'), 'questions and period disabled');
  await axeClean(admin, 'edit dialog of an active survey (phone)');
  const wide = await admin.evaluate(() => document.querySelector('dialog[open]').scrollWidth);
  expect(wide <= 375, 'the dialog fits the phone: ' + wide);
  await admin.screenshot({path: path.join(OUT, '92-survey-edit-phone.png')});
  await admin.fill('dialog[open] input[name=sample_size]', '20');
  await admin.click('dialog[open] button[type=submit]');
  await admin.waitForSelector('dialog', {state: 'detached'});
  await admin.waitForSelector('.sv-card p.muted:has-text("sampel 20")');
  await admin.setViewportSize({width: 1280, height: 900});
});

// the requester's link, as the mail carries it (tests/api/test_survey.py reads the mail itself)
const link = srv.sql("SELECT vars FROM outbox WHERE template='survey_invite' AND recipient='requester@demo.test'")
  .split('\n').filter(Boolean).map((v) => JSON.parse(v).link).join('\n');

await t.case('the requester answers on a phone without signing in; missing answers are named', async () => {
  expect(/#\/survey\?token=[0-9a-f]{64}$/.test(link), 'the mailed link: ' + link);
  const ctx = await browser.newContext({viewport: {width: 375, height: 740}});
  await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'id'); });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push('answer page: ' + e.message));
  await page.goto(base + '/' + link.slice(link.indexOf('#')));
  await page.waitForSelector('main h1:text("Survei Kepuasan Pengguna Desember")');
  expect(await page.isVisible('legend:has-text("Secara keseluruhan, seberapa puas")'), 'Indonesian first');
  await axeClean(page, 'answer page (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'fits the phone: ' + wide);
  await page.screenshot({path: path.join(OUT, '93-survey-answer-phone.png'), fullPage: true});
  await page.click('#survey-answer-form button[type=submit]');
  await page.waitForSelector('.sv-question .field-error:not([hidden])');
  const missing = await page.$$eval('.sv-question', (l) => l.filter((q) => !q.querySelector('.field-error').hidden).map((q) => q.dataset.key));
  expect(missing.join(',') === 'q1,q2,q3,q4', 'the four scales are named: ' + missing);
  await axeClean(page, 'answer page with errors (phone)');
  await page.screenshot({path: path.join(OUT, '94-survey-answer-errors-phone.png'), fullPage: true});
  for (const [k, v] of [['q1', 4], ['q2', 5], ['q3', 3], ['q4', 4]]) await page.click(`.sv-question[data-key=${k}] label:has(.sv-num:text("${v}"))`);
  await page.fill('textarea[name="answers.saran"]', 'Mohon jam layanan diperpanjang.');
  await page.click('#survey-answer-form button[type=submit]');
  await page.waitForSelector('#survey-message:text("Terima kasih")');
  await page.setViewportSize({width: 1280, height: 900});
  await page.reload();
  await page.waitForSelector('#survey-message:text("sudah diisi")');
  await axeClean(page, 'answered already (desktop)');
  await ctx.close();
});

await t.case('the leader\'s dashboard shows the survey panel with the answer', async () => {
  const leader = await loginPage(browser, base, 'leader', errors);
  await leader.goto(base + '/#/dashboard');
  await leader.waitForSelector('#survey-panel #survey-stat-answered');
  const answered = await leader.textContent('#survey-stat-answered .stat-value');
  expect(answered.trim() === '1', 'one answer: ' + answered);
  const q1 = await leader.textContent('#survey-questions tbody tr:first-child');
  expect(q1.includes('Secara keseluruhan') && q1.includes('4'), 'question 1 mean 4: ' + q1);
  expect((await leader.textContent('#survey-comments')).includes('Mohon jam layanan diperpanjang.'), 'the suggestion');
  await leader.locator('#survey-panel').scrollIntoViewIfNeeded();
  await leader.locator('#survey-panel').screenshot({path: path.join(OUT, '96-survey-panel.png')});
  await bothSizes(leader, 'dashboard with the survey panel', '95-survey-dashboard');
});

await finish(t, browser, srv, errors);
