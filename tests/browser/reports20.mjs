// Browser test of issue #20 items 9 and 10: the leader's dashboard charts
// are drawn with text of 12 px or more (computed style) at 1280 and 375 px,
// each title shows once, each chart has its data table with a caption, the
// created-vs-resolved line covers every day, a median under a minute reads
// "< 1 menit"; the outbox opens on the waiting mail, says how many wait and
// warns that no mail server (SMTP) is set, with a link to the settings.
// axe-core at both sizes. Prints TAP.
import {setup, finish, expect, loginPage, apiAs, walkSizes} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();

await t.case('tickets filed, answered and resolved through the API', async () => {
  const req = await apiAs(base, 'requester@demo.test');
  const agent = await apiAs(base, 'agent@demo.test');
  const svc = (await req.get('/services?per_page=200')).items.find((s) => s.kind === 'ticket').id;
  const nums = [];
  for (let i = 0; i < 3; i++) nums.push((await req.post('/tickets', {title: 'Grafik dua puluh ' + i, description: 'uji', service_id: svc})).number);
  await agent.post(`/tickets/${nums[0]}/transitions`, {to: 'in_progress'});
  await agent.post(`/tickets/${nums[0]}/transitions`, {to: 'resolved', summary: 'beres'});
  const recap = await agent.get('/reports/recap');
  expect(recap.total >= 3, 'three tickets in the recap: ' + recap.total);
});

const sizes = () => [...document.querySelectorAll('.rchart-svg text')].map((e) => parseFloat(getComputedStyle(e).fontSize));

for (const [w, hgt, name] of [[1280, 900, 'desktop'], [375, 740, 'phone']]) {
  await t.case(`the dashboard at ${w} px: chart text 12 px or more, titles once, a table per chart`, async () => {
    const page = await loginPage(browser, base, 'leader', errors, {lang: 'id', viewport: {width: w, height: hgt}});
    await page.goto(base + '/#/dashboard');
    await page.waitForSelector('#chart-status svg text');
    await page.waitForSelector('#chart-series svg polyline');
    const px = await page.evaluate(sizes);
    expect(px.length > 10 && Math.min(...px) >= 12, `every chart text at least 12 px: min ${Math.min(...px)} of ${px.length}`);
    // drawn at its real width: the SVG is as wide as it is shown, never scaled down
    const scale = await page.evaluate(() => [...document.querySelectorAll('.rchart-svg')]
      .map((s) => s.getBoundingClientRect().width / Number(s.getAttribute('width'))));
    expect(scale.every((x) => Math.abs(x - 1) < 0.02), 'charts are not scaled: ' + scale);
    const titles = await page.locator('.chart-card h2').allTextContents();
    const body = await page.textContent('#dash-body');
    for (const title of ['Tiket per status', 'Dibuat vs diselesaikan per hari']) {
      expect(titles.includes(title), title + ' is a heading');
      expect(await page.locator('.rchart-svg text', {hasText: title}).count() === 0, title + ' is not drawn again in the chart');
    }
    // each drawn chart has its table, with the chart's title as caption
    const figs = await page.locator('figure.rchart').count();
    expect(figs >= 4 && await page.locator('figure.rchart table caption').count() === figs, `a captioned table per chart (${figs})`);
    const status = await page.locator('#chart-status table tbody tr').allTextContents();
    expect(status.some((r) => r.startsWith('Baru') && r.endsWith('2')) && status.some((r) => r.startsWith('Selesai') && r.endsWith('1')),
      'the status table: 2 Baru, 1 Selesai: ' + status);
    // the series: one row per day of the last 30 days, a 0 where nothing happened
    const series = await page.locator('#chart-series table tbody tr').count();
    expect(series === 30, 'a row for each of the 30 days: ' + series);
    expect(await page.locator('#chart-series svg polyline').count() === 2, 'two lines, created and resolved, over the period');
    const median = (await page.textContent('#stat-resolution .stat-value')).trim();
    expect(median === '< 1 menit', 'a median under a minute: ' + median);
    expect(!/\b0 m\b/.test(body), 'no "0 m" anywhere on the dashboard');
    await walkSizes(page, 'dashboard ' + name, `70-dashboard-opened-${name}`);
    await page.context().close();
  });
}

await t.case('the outbox opens on the waiting mail and warns that SMTP is not set', async () => {
  const admin = await apiAs(base, 'admin@demo.test');
  const pending = await admin.get('/outbox?status=pending&per_page=1');
  const failed = await admin.get('/outbox?status=failed&per_page=1');
  expect(pending.total > 0 && failed.total === 0, `mail waits (${pending.total}) and none failed`);
  const office = await admin.get('/settings/office');
  expect(!office.smtp_host, 'the demo has no mail server');
  for (const [w, hgt, name] of [[1280, 900, 'desktop'], [375, 740, 'phone']]) {
    const page = await loginPage(browser, base, 'admin', errors, {lang: 'id', viewport: {width: w, height: hgt}});
    await page.goto(base + '/#/admin/outbox');
    await page.waitForSelector('#outbox-smtp-warning');
    const warn = await page.textContent('#outbox-smtp-warning');
    expect(warn.includes('SMTP') && warn.includes(`${pending.total} notifikasi menunggu`), 'the warning says how many wait: ' + warn);
    expect(await page.getAttribute('#outbox-settings-link', 'href') === '#/admin/settings', 'a link to the settings');
    const select = page.locator('select[name=status]');
    expect(await select.inputValue() === 'pending', 'opens on the waiting mail');
    expect((await select.locator('option[value=pending]').textContent()).includes(`(${pending.total})`), 'the count beside the status');
    await page.waitForFunction((n) => document.querySelectorAll('main table tbody tr').length === Math.min(n, 25), pending.total);
    // the failed list is empty, yet it does not claim there is nothing
    await select.selectOption('failed');
    await page.waitForFunction(() => /Menunggu/.test(document.querySelector('.list-summary').textContent));
    const summary = await page.textContent('.list-summary');
    expect(summary !== 'Tidak ada notifikasi.' && summary.includes('menunggu'), 'never "no notifications" while some wait: ' + summary);
    await select.selectOption('pending');
    await walkSizes(page, 'outbox ' + name, `71-outbox-opened-${name}`);
    await page.click('#outbox-settings-link');
    await page.waitForSelector('#set-mail-h');
    await page.context().close();
  }
});

await finish(t, browser, srv, errors);
