// axe-core sweep (issue #20, "axe-core on every main page with zero
// violations"): every main page of each role — requester, agent tiers 1, 2
// and 3, leader, admin (the supervisor) — at 1280 and 375 px on the demo's
// living desk (`loket init --demo`: FAQ articles, three months of tickets,
// so lists, charts and timelines are full, as people see them), with zero
// violations. A page is checked once it has settled: its heading shown,
// nothing loading. Every failing page is listed, not only the first. Prints TAP.
import path from 'node:path';
import {setup, apiAs, expect, axeClean, finish, loginPage, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup(undefined, {desk: true});
const admin = await apiAs(base, 'admin@demo.test');
const SIZES = [['desktop', 1280, 900], ['phone', 375, 740]];

// Tickets to open: one of the requester's, one escalated to tier 2 and one
// to the vendor, one rated.
const tickets = (await admin.get('/tickets?per_page=200&sort=-created_at')).items;
const me = (await apiAs(base, 'requester@demo.test')).user;
const own = tickets.find((x) => x.requester_id === me.id);
const tier2 = tickets.find((x) => x.tier === 2);
const tier3 = tickets.find((x) => x.tier === 3);
const rated = (await admin.get('/tickets?per_page=1&status=closed&sort=-created_at')).items[0];
const faq = (await admin.get('/faq?per_page=1')).items[0];
const service = (await admin.get('/services?per_page=100')).items.find((s) => s.kind === 'ticket');
expect(own && tier2 && tier3 && rated && faq && service, 'the demo desk has the tickets, FAQ and services to open');

const common = ['#/faq', `#/faq/${faq.id}`, '#/faq-propose', '#/catalog', `#/services/${service.id}`,
  '#/tokens', '#/notifications', '#/app-problem', '#/help'];
const MASTER = ['services', 'categories', 'units', 'vendors', 'priorities', 'sla-policies', 'calendars',
  'holidays', 'tags', 'canned-responses', 'users', 'reject-reasons'];
const QUEUES = ['new', 'mine', 'unit', 'breaching', 'all', 'untriaged'].map((q) => '#/queue/' + q);
const ROLES = [
  ['requester', [...common, '#/new', '#/my', `#/tickets/${own.number}`, '#/book', '#/bookings']],
  ['agent', [...QUEUES, '#/record', `#/tickets/${rated.number}`, `#/tickets/${tier2.number}`, '#/faq-proposals',
    '#/identity', '#/book', '#/console', '#/faq', '#/catalog', '#/tokens', '#/notifications']],
  ['pic', [...QUEUES, `#/tickets/${tier2.number}`, '#/partners', '#/partner-activities', '#/partner-assignments',
    '#/partner-followup', '#/partner-letters', '#/partner-reports', '#/partner-letter-settings', '#/console']],
  ['vendor', ['#/queue/all', '#/queue/mine', `#/tickets/${tier3.number}`, '#/faq', '#/notifications']],
  ['leader', ['#/dashboard', '#/queue/all', `#/tickets/${rated.number}`, '#/new', '#/my', '#/report-subscriptions', '#/faq']],
  ['admin', ['#/queue/new', '#/dashboard', `#/tickets/${tier3.number}`, ...MASTER.map((m) => '#/admin/master/' + m),
    '#/admin/schedule', '#/admin/templates', '#/admin/settings', '#/admin/policy', '#/admin/outbox', '#/admin/audit',
    '#/admin/webhooks', '#/admin/surveys', '#/admin/automation', '#/identity', '#/faq-proposals', '#/record']],
];

// The page at hash once it has settled: a heading, nothing busy or loading.
async function open(page, hash) {
  if (await page.evaluate(() => location.hash) === hash) await open(page, '#/help');
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return main && main.querySelector('h1') && !main.querySelector('[aria-busy="true"]') &&
      !/Memuat…/.test(main.innerText); // hidden picker lists say it until opened
  });
}

for (const [user, pages] of ROLES) {
  await t.case(`${user}: ${pages.length} pages at 1280 and 375 px without axe-core violations`, async () => {
    const page = await loginPage(browser, base, user, errors);
    const bad = [];
    for (const [size, width, height] of SIZES) {
      await page.setViewportSize({width, height});
      for (const hash of pages) {
        try {
          await open(page, hash);
          await axeClean(page, `${hash} (${size})`);
        } catch (e) {
          bad.push(`${hash} (${size}): ${e.message.split("\n")[0]}`);
          await page.screenshot({path: path.join(OUT, `axe-${user}-${hash.replace(/[^a-z0-9]+/gi, '_')}-${size}.png`), fullPage: true});
        }
      }
    }
    await page.context().close();
    expect(bad.length === 0, bad.join('\n'));
  });
}

await finish(t, browser, srv, errors);
