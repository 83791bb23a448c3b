// Browser test of the notification choice (issue #22 item 4): a requester
// opens "Notifications" from the menu, picks WhatsApp only with a number,
// saves, and the server agrees; a wrong number is shown next to its field;
// an agent follows the requester's choice from their ticket to change it. axe-core clean at
// 1280 and 375 px, nothing wider than a phone. Prints TAP.
import path from 'node:path';
import {setup, expect, OUT, axeClean, finish, signIn, apiAs} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'id'); });
ctx.setDefaultTimeout(10000);
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(e.message));
page.on('dialog', (d) => { errors.push('native dialog ' + d.message()); d.dismiss(); });
const req = await apiAs(base, 'requester@demo.test');

await t.case('a requester reaches Notifikasi from the menu; automatic is chosen', async () => {
  await signIn(page, base, 'requester@demo.test');
  await page.click('#nav-list a[href="#/notifications"]');
  await page.waitForSelector('main h1:text("Notifikasi")');
  expect(await page.isChecked('#wan-auto'), 'auto checked by default');
});

await t.case('a number of two digits is refused next to its field', async () => {
  await page.check('#wan-whatsapp');
  await page.fill('input[name=phone]', '12');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main .field-error:visible');
  const bad = await page.getAttribute('input[name=phone]', 'aria-invalid');
  expect(bad === 'true', 'phone marked invalid: ' + bad);
  expect((await req.get('/me/notifications')).channel === 'auto', 'nothing stored');
});

await t.case('WhatsApp only with a number: saved on the server', async () => {
  await page.fill('input[name=phone]', '0812-0000-0006');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('#flash .flash.ok');
  expect(await page.inputValue('input[name=phone]') === '+6281200000006', 'shown as stored');
  const p = await req.get('/me/notifications');
  expect(p.channel === 'whatsapp' && p.phone === '6281200000006', JSON.stringify(p));
});

await t.case('the page at desktop and phone size: axe-core finds nothing', async () => {
  await axeClean(page, 'notifications (desktop)');
  await page.screenshot({path: path.join(OUT, '22-wa-notify-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'notifications (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'nothing wider than the phone: ' + wide);
  await page.screenshot({path: path.join(OUT, '22-wa-notify-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
});

await t.case('an agent sets a requester\'s choice with ?user=ID', async () => {
  const actx = await browser.newContext({viewport: {width: 1280, height: 900}});
  await actx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'en'); });
  const ap = await actx.newPage();
  ap.on('pageerror', (e) => errors.push(e.message));
  await signIn(ap, base, 'agent@demo.test');
  // from the requester's ticket in the workspace: the choice, as a link
  const svc = (await req.get('/services?per_page=100')).items.find((x) => x.kind === 'ticket');
  const tk = await req.post('/tickets', {title: 'Proyektor mati', description: 'Ruang rapat 2.',
    service_id: svc.id});
  await ap.goto(base + '/#/tickets/' + tk.number);
  await ap.waitForSelector('main a:text("Notifications: WhatsApp only")');
  await axeClean(ap, 'ticket workspace with the requester\'s choice');
  await ap.screenshot({path: path.join(OUT, '22-wa-notify-workspace.png')});
  await ap.click('main a:text("Notifications: WhatsApp only")');
  await ap.waitForSelector('main h1:text("Requester\'s notifications")');
  expect(ap.url().endsWith('#/notifications?user=' + req.user.id), ap.url());
  expect(await ap.isChecked('#wan-whatsapp'), 'the requester\'s choice is shown');
  await ap.check('#wan-both');
  await ap.click('main form button[type=submit]');
  await ap.waitForSelector('#flash .flash.ok');
  expect((await req.get('/me/notifications')).channel === 'both', 'stored for the requester');
  await axeClean(ap, 'notifications of a requester (agent)');
  await ap.screenshot({path: path.join(OUT, '22-wa-notify-agent.png'), fullPage: true});
  await actx.close();
});

await finish(t, browser, srv, errors);
