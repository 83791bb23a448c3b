// Browser test of issue #22 item 5: sign-in with the office directory. A
// real slapd (tests/api/slapd.py) holds "budi" in group "helpdesk"; the
// server maps that group to agents. Budi signs in on the ordinary login
// page with his directory password; the admin sees the "Direktori" card on
// the settings page (never the service password) with a working
// connection test, and the users list's account source. Both pages at 1280
// and 375 px, axe-core clean. Prints TAP.
import {spawn} from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import {setup, expect, OUT, axeClean, finish, loginPage, SRC} from './harness.mjs';

// slapd first: the server reads its LOKET_LDAP_* settings at start
const slapd = spawn('python3', [path.join(SRC, 'tests/api/slapd.py')], {stdio: ['pipe', 'pipe', 'inherit']});
const url = await new Promise((resolve, reject) => {
  readline.createInterface({input: slapd.stdout}).once('line', resolve);
  slapd.once('exit', (c) => reject(new Error('slapd helper exited ' + c)));
});
const SERVICE_PW = 'layanan-rahasia-42'; // tests/api/slapd.py SERVICE_PW
Object.assign(process.env, {
  LOKET_LDAP_URL: url, LOKET_LDAP_BIND_DN: 'cn=loket,ou=services,dc=kantor,dc=test',
  LOKET_LDAP_BIND_PASSWORD: SERVICE_PW, LOKET_LDAP_BASE_DN: 'dc=kantor,dc=test',
  LOKET_LDAP_GROUP_ATTR: 'memberOf', LOKET_LDAP_GROUP_MAP: 'helpdesk => agent; pimpinan => leader',
});
const {t, srv, base, browser, errors} = await setup();

async function both(page, what, shot) {
  await axeClean(page, what + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, shot + '-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, what + ' (375 px)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, what + ': nothing wider than the phone, got ' + wide);
  await page.screenshot({path: path.join(OUT, shot + '-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

await t.case('directory: Budi signs in on the login page with his directory password', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await ctx.newPage();
  await page.goto(base + '/#/login');
  await page.fill('input[name=login]', 'budi');
  await page.fill('input[name=password]', 'sandi-budi-1');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => !location.hash.startsWith('#/login'));
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
  expect(me.user.role === 'agent' && me.user.auth_source === 'ldap', 'an agent from the directory: ' + JSON.stringify(me.user));
  await ctx.close();
});

const page = await loginPage(browser, base, 'admin', errors);

await t.case('directory: the settings page shows the directory card and tests the connection', async () => {
  await page.goto(base + '/#/admin/settings');
  await page.waitForSelector('main h2:text("Direktori kantor")');
  expect(await page.isVisible('.directory-status :text("Cari dengan akun layanan")'), 'how users are found');
  expect(await page.isVisible('.directory-map td:text("helpdesk")'), 'the mapping table');
  expect(!(await page.content()).includes(SERVICE_PW), 'the service password is not in the page');
  await page.click('#test-ldap');
  await page.waitForSelector('.directory-status .test-mail-result.good:text("Berhasil")');
  await both(page, 'settings with the directory card', 'directory-settings');
  await page.setViewportSize({width: 375, height: 740});
  await page.locator('.directory-status').screenshot({path: path.join(OUT, 'directory-card-phone.png')});
  await page.setViewportSize({width: 1280, height: 900});
});

await t.case('directory: the users list shows each account\'s source', async () => {
  await page.goto(base + '/#/admin/master/users');
  await page.waitForSelector('main th:text("Sumber akun")');
  await page.waitForSelector('main td:text("Direktori (LDAP)")');
  expect(await page.isVisible('main td:text("Lokal")'), 'demo users are local');
  await both(page, 'users list with the source column', 'directory-users');
});

slapd.stdin.end(); // the helper stops slapd when its stdin closes
await finish(t, browser, srv, errors);
