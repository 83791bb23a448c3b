// Browser test for issue #21 item 10: the "Bantuan" link in the header of
// every page opens the user guide (docs/guide/, rendered by the server) in
// the app's language; its screen links open those screens; readable before
// signing in; axe-clean at desktop and phone size. Prints TAP.
import path from 'node:path';
import {setup, expect, axeClean, finish, loginPage, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const shot = (page, name, full = false) => page.screenshot({path: path.join(OUT, name + '.png'), fullPage: full});

await t.case('before signing in: the login page has the help link and the guide opens', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push('anon: ' + e.message));
  await page.goto(base + '/');
  await page.waitForSelector('input[name=login]');
  await page.click('#help-link');
  await page.waitForSelector('article.guide h1');
  expect((await page.textContent('article.guide h1')) === 'Panduan Pengguna Loket', 'Indonesian guide');
  await ctx.close();
});

for (const who of ['requester', 'agent', 'leader', 'admin']) {
  await t.case(`${who}: every page's header has "Bantuan"; it opens the rendered guide`, async () => {
    const page = await loginPage(browser, base, who, errors);
    const hashes = await page.evaluate(() => [...document.querySelectorAll('#nav-list a')].map((a) => a.getAttribute('href')));
    for (const hash of hashes.slice(0, 4)) {
      await page.evaluate((x) => { location.hash = x; }, hash);
      await page.waitForSelector('main h1');
      expect(await page.locator('header #help-link').isVisible(), `help link on ${hash}`);
    }
    await page.click('#help-link');
    await page.waitForSelector('article.guide h1');
    expect(await page.evaluate(() => location.hash) === '#/help', 'on #/help');
    const text = await page.textContent('article.guide');
    expect(text.includes('Kebijakan status tiket') && text.includes('Menunggu Pemohon'), 'status policy shown');
    expect(await page.locator('article.guide table').count() >= 2, 'tables rendered from Markdown');
    expect(await page.locator('article.guide script, article.guide [onerror]').count() === 0, 'no raw HTML');
    await page.context().close();
  });
}

await t.case('requester: a screen link in the guide opens that screen', async () => {
  const page = await loginPage(browser, base, 'requester', errors);
  await page.click('#help-link');
  await page.waitForSelector('article.guide h1');
  await page.click('article.guide a[href="#/my"] >> nth=0');
  await page.waitForSelector('main h1:text("Tiket Saya")');
  await page.context().close();
});

await t.case('English: the language switch shows the English guide', async () => {
  const page = await loginPage(browser, base, 'agent', errors, {lang: 'en'});
  await page.click('#help-link');
  await page.waitForSelector('article.guide h1:text("Loket User Guide")');
  expect((await page.textContent('#help-link')) === 'Help', 'English label');
  await page.click('#lang-switch');
  await page.waitForSelector('article.guide h1:text("Panduan Pengguna Loket")');
  await page.context().close();
});

await t.case('the guide at desktop and phone size: axe-core clean, nothing wider than the screen', async () => {
  const page = await loginPage(browser, base, 'requester', errors);
  await page.click('#help-link');
  await page.waitForSelector('article.guide h1');
  await axeClean(page, 'guide (desktop)');
  await shot(page, '75-help-desktop');
  await page.locator('article.guide h2', {hasText: 'Kebijakan status tiket'}).scrollIntoViewIfNeeded();
  await shot(page, '75-help-status-desktop');
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'guide (phone)');
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `guide overflows by ${over}px on a phone`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, '75-help-phone');
  await page.locator('article.guide h2', {hasText: 'Kebijakan status tiket'}).scrollIntoViewIfNeeded();
  await shot(page, '75-help-status-phone');
  await page.context().close();
});

await finish(t, browser, srv, errors);
