// Browser test for issue #20 point 11, "self-service is invisible", on the
// demo's living desk (`loket init --demo`, src/cli/demo_desk.c): while a
// requester types a ticket title the matching FAQ article of the demo is
// suggested (and nothing for words no article has); a staff member
// approving a proposal edits its question and answer first and the edited
// text is what is published (an empty answer is refused before sending);
// rejecting asks for the reason. Each at 1280 and 375 px with axe-core
// clean. Prints TAP.
import path from 'node:path';
import {setup, apiAs, expect, axeClean, finish, loginPage, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup(undefined, {desk: true});
const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const req = await loginPage(browser, base, 'requester', errors);
const agent = await loginPage(browser, base, 'agent', errors);
const SIZES = [['desktop', 1280, 900], ['phone', 375, 740]];

async function go(page, hash) {
  // the same hash again would not render the page anew
  if (await page.evaluate(() => location.hash) === hash) await go(page, '#/faq');
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForSelector('main h1');
}
const shot = (page, name) => page.screenshot({path: path.join(OUT, name + '.png'), fullPage: true});
async function noWider(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `${what}: nothing wider than the screen, ${over}px over`);
}
// The suggestion box once it lists the articles for what was typed.
async function suggestedFor(page, typed) {
  const title = page.locator('main input[name=title]');
  await title.fill('');
  await title.pressSequentially(typed, {delay: 10});
  const box = page.locator('main .suggest');
  await box.waitFor({state: 'visible'});
  return box;
}

for (const [size, width, height] of SIZES) {
  await t.case(`requester (${size}): the demo's FAQ is suggested while the title is typed`, async () => {
    await req.setViewportSize({width, height});
    await go(req, '#/new');
    let box = await suggestedFor(req, 'wifi kantor tidak tersambung');
    await req.waitForFunction(() => (document.querySelector('main .suggest summary') || {}).textContent?.includes('Wi-Fi'));
    expect((await box.locator('h2').textContent()) === 'Mungkin jawaban ini membantu', 'the box is titled');
    expect((await box.locator('summary').first().textContent()) === 'Wi-Fi kantor tidak bisa tersambung (wifi putus atau tidak muncul)',
      'the Wi-Fi article comes first for "wifi"');
    await box.locator('summary').first().click();
    await box.locator('.faq-answer strong', {hasText: 'PEMDA-STAFF'}).waitFor();
    expect(await box.locator('a[href^="#/faq/"]').first().isVisible(), 'a link to the whole article');
    await axeClean(req, `new ticket with a suggestion (${size})`);
    await noWider(req, `new ticket with a suggestion (${size})`);
    await shot(req, `80-demo-suggest-${size}`);
    box = await suggestedFor(req, 'printer macet');
    await req.waitForFunction(() => (document.querySelector('main .suggest summary') || {}).textContent?.startsWith('Printer'));
    expect((await box.locator('summary').first().textContent()) === 'Printer tidak bisa mencetak atau kertas macet', 'printer article first');
    await req.locator('main input[name=title]').fill('');
    await req.locator('main input[name=title]').pressSequentially('zzqx kkvw', {delay: 10});
    await req.waitForFunction(() => document.querySelector('main .suggest').hidden);
  });
}

// A pending proposal for each size: the demo's own for the first, one more
// made through the API for the second.
const proposals = (await agentApi.get('/faq-proposals?status=pending')).items;
expect(proposals.length === 1 && proposals[0].question === 'bagaimana ganti foto profil di simpeg?', 'the demo has one pending proposal');
const second = await reqApi.post('/faq-proposals', {question: 'cara pasang printer baru di laptop', answer: 'tanya TIK'});
const edits = [
  [proposals[0], 'Bagaimana mengganti foto profil di SIMPEG?', 'Buka menu **Profil**, pilih *Ganti foto*, unggah foto formal berukuran paling besar 2 MB.'],
  [second, 'Bagaimana memasang printer baru di laptop dinas?', 'Pasang driver dari situs resmi pembuatnya, lalu tambahkan printer lewat **Pengaturan > Printer**.'],
];

for (const [i, [size, width, height]] of SIZES.entries()) {
  const [p, question, answer] = edits[i];
  await t.case(`staff (${size}): approving a proposal edits it first; the edited text is published`, async () => {
    await agent.setViewportSize({width, height});
    await go(agent, '#/faq-proposals');
    const row = agent.locator('main tbody tr', {hasText: p.question});
    await row.getByRole('button', {name: 'Tinjau & setujui: ' + p.question}).click();
    const dlg = agent.locator('dialog[open]');
    await dlg.waitFor();
    expect(await dlg.locator('h2').textContent() === 'Sunting lalu terbitkan', 'the editor opens');
    expect(await dlg.locator('input[name=question]').inputValue() === p.question, 'question prefilled');
    expect(await dlg.locator('textarea[name=answer]').inputValue() === (p.answer || ''), 'answer prefilled');
    await axeClean(agent, `proposal editor (${size})`);
    await noWider(agent, `proposal editor (${size})`);
    await shot(agent, `81-demo-proposal-edit-${size}`);
    // an empty answer is stopped here: nothing is published
    await dlg.locator('textarea[name=answer]').fill('');
    await dlg.getByRole('button', {name: 'Terbitkan'}).click();
    await dlg.locator('textarea[name=answer][aria-invalid=true]').waitFor();
    expect((await dlg.locator('.field-error:not([hidden])').first().textContent()) === 'Tulis jawabannya sebelum menerbitkan.', 'says why');
    expect((await agentApi.get('/faq-proposals?status=pending')).items.some((x) => x.id === p.id), 'still pending');
    await dlg.locator('input[name=question]').fill(question);
    await dlg.locator('textarea[name=answer]').fill(answer);
    await dlg.getByRole('button', {name: 'Terbitkan'}).click();
    await dlg.waitFor({state: 'detached'});
    await row.filter({hasText: 'Disetujui'}).waitFor();
    const done = (await agentApi.get('/faq-proposals?per_page=200')).items.find((x) => x.id === p.id);
    expect(done.status === 'approved' && done.article_id, 'approved with an article');
    const art = await reqApi.get('/faq/' + done.article_id);
    expect(art.question === question, `published question is the edited one: ${art.question}`);
    expect(art.answer === answer && art.answer_html.includes('<strong>'), 'published answer is the edited Markdown');
    await go(req, '#/faq/' + done.article_id);
    expect((await req.locator('main h1').textContent()) === question, 'requesters read the edited article');
  });
}

await t.case('staff: rejecting a proposal asks for the reason the proposer is told', async () => {
  await agent.setViewportSize({width: 375, height: 740});
  const p = await reqApi.post('/faq-proposals', {question: 'kenapa internet lemot terus'});
  await go(agent, '#/faq-proposals');
  const row = agent.locator('main tbody tr', {hasText: p.question});
  await row.getByRole('button', {name: 'Tolak: ' + p.question}).click();
  const dlg = agent.locator('dialog[open]');
  await dlg.getByRole('button', {name: 'Simpan'}).click();
  await dlg.locator('textarea[name=reason][aria-invalid=true]').waitFor();
  await axeClean(agent, 'reject dialog (phone)');
  await dlg.locator('textarea[name=reason]').fill('Sudah ada di FAQ "Internet kantor lambat atau sering putus".');
  await dlg.getByRole('button', {name: 'Simpan'}).click();
  await row.filter({hasText: 'Ditolak'}).waitFor();
  const mine = (await reqApi.get('/faq-proposals')).items.find((x) => x.id === p.id);
  expect(mine.status === 'rejected' && mine.reject_reason.startsWith('Sudah ada di FAQ'), 'the proposer sees the reason');
  await agent.setViewportSize({width: 1280, height: 900});
});

await finish(t, browser, srv, errors);
