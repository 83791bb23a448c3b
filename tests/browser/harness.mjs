// Test rig for the browser suite: a real `loket serve` with a fresh demo
// database on a free loopback port, a small API client (cookie + CSRF) for
// setting up data, Debian's Chromium driven by playwright-core, and TAP
// output (one line per test case) that tools/count_tests.py counts.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.LOKET_BIN || 'build/loket';
export const SRC = process.env.LOKET_SOURCE_DIR || '.';
export const OUT = path.resolve(process.env.LOKET_TEST_OUTPUT || 'test-output', 'screenshots');
export const PASSWORD = 'loket-demo';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// playwright-core is pinned in package-lock.json; .ci/run installs it with
// `npm ci`. A fresh checkout running `make test` gets it the same way.
// Returns its chromium, or null when it cannot be installed.
export async function loadChromium() {
  const here = path.dirname(new URL(import.meta.url).pathname);
  // both pinned in package-lock.json; a fresh checkout gets them here
  if (!['playwright-core', 'axe-core'].every((m) => fs.existsSync(path.join(here, 'node_modules', m)))) {
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {cwd: here, stdio: ['ignore', 'ignore', 'inherit']});
    if (r.status !== 0) return null;
  }
  return (await import('playwright-core')).chromium;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

// With LOKET_TEST_PG (a base URL such as postgresql://loket@127.0.0.1:PORT/
// postgres, from tests/pg/cluster.sh url), each server gets a fresh
// PostgreSQL database as LOKET_DB_URL instead of a SQLite file, as
// tests/api/loket.py does (tests/pg/browser_on_pg.sh, docs/postgresql.md
// "Browser tests on PostgreSQL").
export const PG_BASE = process.env.LOKET_TEST_PG || '';
let pgSerial = 0;

function pgAdmin(sql) {
  const r = spawnSync('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', '-d', PG_BASE, '-c', sql], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error('psql: ' + r.stderr.trim());
}

// A fresh database on the test cluster: its name and URL.
function pgDatabase() {
  const name = `loket_web_${process.pid}_${Date.now()}_${++pgSerial}`;
  pgAdmin('CREATE DATABASE ' + name);
  const u = new URL(PG_BASE);
  u.pathname = '/' + name;
  return {name, url: u.toString()};
}

// One statement on a server's database (srv.sql): psql on PostgreSQL, the
// sqlite3 shell on SQLite; its rows as text, one a line, columns joined by
// '|'. The query must mean the same on both (the tables and columns are the
// same, docs/postgresql.md): plain SQL, no json_extract or ::casts. A
// write on PostgreSQL also sends NOTIFY loket_gen in its transaction, as
// Loket's own commits do: running servers otherwise keep serving their
// cached rows (SQLite's servers see the file change by themselves).
function sqlOn(target, query) {
  const write = /^\s*(INSERT|UPDATE|DELETE)\b/i.test(query);
  const r = target.pg
    ? spawnSync('psql', ['-AtqX', '-v', 'ON_ERROR_STOP=1', '-d', target.url, '-c',
      write ? query + "; NOTIFY loket_gen, 'conf'" : query], {encoding: 'utf8'})
    : spawnSync('sqlite3', ['-cmd', '.timeout 30000', target.file, query], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`${target.pg ? 'psql' : 'sqlite3'}: ${r.stderr.trim()}\n  in: ${query}`);
  return r.stdout.trim();
}

// moreEnv: extra variables, or a function of the port (issue #22: the OIDC
// sign-in needs base_url to name the server's own port).
// opts.desk: the demo's living desk too (`loket init --demo`: FAQ articles,
// three months of tickets); without it the tests start from an empty desk.
// The server's env (srv.env) is what a test's own `loket` command takes.
export async function startServer(moreEnv = {}, opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-web-'));
  const port = await freePort();
  const env = {...process.env, LOKET_DATA_DIR: dir, LOKET_ACCESS_LOG: 'false', LOKET_WEB_DIR: path.join(SRC, 'web'),
    ...(typeof moreEnv === 'function' ? moreEnv(port) : moreEnv)};
  const pg = PG_BASE && !env.LOKET_DB_URL ? pgDatabase() : null;
  if (pg) env.LOKET_DB_URL = pg.url;
  const target = pg ? {pg: true, url: pg.url} : {pg: false, file: path.join(dir, 'loket.db')};
  const init = spawnSync(BIN, ['init', opts.desk ? '--demo' : '--demo-base'], {env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'});
  if (init.status !== 0) {
    if (pg) pgAdmin(`DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`);
    throw new Error('loket init failed: ' + (init.stderr || '').trim().slice(-500));
  }
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`], {env, stdio: ['ignore', log, log]});
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { const r = await fetch(url + '/healthz'); if (r.ok) break; } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url, dir, proc, env, pg: !!pg,
    sql: (query) => sqlOn(target, query),
    async stop(keep) {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 20000))]);
      }
      if (!keep) {
        fs.rmSync(dir, {recursive: true, force: true});
        if (pg) pgAdmin(`DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`);
      } else console.log(`# kept ${dir}` + (pg ? ` and database ${pg.name}` : ''));
      return proc.exitCode;
    },
  };
}

// A JSON client logged in as one demo user.
export async function apiAs(base, login) {
  const r = await fetch(base + '/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({login, password: PASSWORD})});
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status}`);
  const body = await r.json();
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (method, p, data) => {
    const res = await fetch(base + '/api/v1' + p, {method, headers: {Cookie: cookie, 'X-CSRF-Token': body.csrf_token,
      ...(data !== undefined ? {'Content-Type': 'application/json'} : {})}, body: data !== undefined ? JSON.stringify(data) : undefined});
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return json;
  };
  return {user: body.user, get: (p) => call('GET', p), post: (p, d) => call('POST', p, d ?? {}), patch: (p, d) => call('PATCH', p, d),
    put: (p, d) => call('PUT', p, d)};
}

export class Tap {
  constructor() { this.n = 0; this.failed = 0; }
  ok(cond, name, detail) {
    this.n += 1;
    if (cond) console.log(`ok ${this.n} - ${name}`);
    else {
      this.failed += 1;
      console.log(`not ok ${this.n} - ${name}`);
      if (detail !== undefined) for (const l of String(detail).split('\n')) console.log('#   ' + l);
    }
    return cond;
  }
  // One test case: fn throws → not ok with the error.
  async case(name, fn) {
    const t0 = Date.now();
    try {
      const r = await fn();
      this.ok(r !== false, name);
    } catch (e) {
      this.ok(false, name, e && e.stack ? e.stack : e);
    }
    console.log(`# ${name}: ${Date.now() - t0} ms`);
  }
  done() { console.log(`1..${this.n}`); }
}

export function expect(cond, what) { if (!cond) throw new Error('expected: ' + what); }

// axe-core (pinned in package-lock.json) on the page as it is now: every
// violation is listed. Evaluated through the DevTools protocol, which the
// page's strict Content-Security-Policy does not govern.
let AXE = null;
export async function axeClean(page, what) {
  AXE = AXE || fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // once per document: the app is one page, so axe stays loaded across routes
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document, {resultTypes: ['violations']}))
    .violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  expect(found.length === 0, `${what}: no axe-core violations; got ${found.join('; ')}`);
}

// axe-core at 1280 and then 375 px with a full-page screenshot of each
// (OUT/<shot>-desktop.png, -phone.png) and nothing wider than the phone;
// the page is left at 1280 px.
export async function axeBoth(page, what, shot) {
  await axeClean(page, what + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, shot + '-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, what + ' (375 px)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, what + ': nothing wider than the phone, got ' + wide);
  await page.screenshot({path: path.join(OUT, shot + '-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

// Signs a page in through the login form (login: an email or NIP) and
// waits for the signed-in header.
export async function signIn(page, base, login) {
  await page.goto(base + '/');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
}

// A new browser context signed in as one demo user, on the app's first
// page. Page errors and native dialogs are collected into `errors`.
// opts: {lang, pollMs, viewport}
export async function loginPage(browser, base, user, errors, opts = {}) {
  const ctx = await browser.newContext({viewport: opts.viewport || {width: 1280, height: 900}});
  await ctx.addInitScript(([lang, pollMs]) => {
    if (window !== window.top) return; // not in frames (sandboxed previews have no storage)
    if (pollMs) window.LOKET_POLL_MS = pollMs;
    if (lang && !localStorage.getItem('loket.lang')) localStorage.setItem('loket.lang', lang);
  }, [opts.lang || 'id', opts.pollMs || 0]);
  ctx.setDefaultTimeout(10000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
  page.on('dialog', (d) => { errors.push(`${user}: native dialog ${d.message()}`); d.dismiss(); });
  await signIn(page, base, user + '@demo.test');
  await page.waitForSelector('main h1');
  return page;
}

// The end of a browser test file: no page errors, the server stops
// cleanly (its data kept when something failed), the TAP plan, the exit.
export async function finish(t, browser, srv, errors) {
  t.ok(errors.length === 0, 'no page errors', errors.join('\n'));
  await browser.close();
  const code = await srv.stop(t.failed > 0);
  t.ok(code === 0, 'server exits cleanly (status 0)', `exit ${code}`);
  t.done();
  process.exit(t.failed ? 1 : 0);
}

// The start of a browser test file: TAP, Chromium, a fresh demo server and
// the screenshot folder. Exits with a failing TAP line when Chromium's
// driver cannot be installed.
// opts: startServer's (opts.desk: the demo's tickets and FAQ too).
export async function setup(t = new Tap(), opts = {}) {
  const chromium = await loadChromium();
  if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }
  fs.mkdirSync(OUT, {recursive: true});
  const srv = await startServer({}, opts);
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
  return {t, srv, base: srv.url, browser, errors: []};
}


// Chooses an option of a searchable picker (web/js/picker.js) the way a
// person does: types into its box and clicks the option in its list.
// scope: a page, dialog or form locator; field: the picker's label text or
// {name} (its form name); text: the option's label, or {value} or {index}
// (nothing typed; the option by its value, or the index-th real option).
export async function pick(scope, field, text) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  const box = typeof field === 'string' ? scope.getByRole('combobox', {name: field, exact: true})
    : scope.locator(`.picker:has(> input[type=hidden][name="${field.name}"]) [role=combobox]`);
  await box.click();
  const list = page.locator('#' + await box.getAttribute('aria-controls'));
  let opt;
  if (typeof text === 'object' && text.index !== undefined) opt = list.locator('[role=option]:not([data-value=""])').nth(text.index);
  else if (typeof text === 'object') opt = list.locator(`[role=option][data-value="${text.value}"]`);
  else {
    await box.fill(text);
    const exact = list.getByRole('option', {name: text, exact: true});
    // the option's name carries its hint (a requester's NIP, email…) when it has one
    await list.locator('[role=option]').filter({hasText: text}).first().waitFor();
    opt = (await exact.count()) ? exact : list.locator('[role=option]').filter({hasText: text}).first();
  }
  await opt.click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'false', await box.elementHandle());
}

// The usual walk of one page at both sizes: axe-core clean and a full-page
// screenshot at 1280 px, then at 375 px with nothing wider than the phone,
// then back to 1280 px. name: the screenshot's prefix ("60-subscriptions").
export async function walkSizes(page, what, name) {
  fs.mkdirSync(OUT, {recursive: true});
  await axeClean(page, `${what} (desktop)`);
  await page.screenshot({path: path.join(OUT, `${name}-desktop.png`), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, `${what} (phone)`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'nothing wider than the phone: ' + wide);
  await page.screenshot({path: path.join(OUT, `${name}-phone.png`), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}
