// Browser test of issue #20's agent tools (docs/agent-tools.md): the bell
// with its unread count, list, Escape and "mark all read"; the requester's
// other tickets beside the ticket (below it on a phone); the preview of an
// image and a PDF attachment in a dialog that Escape closes; a screenshot
// pasted into the reply box and files dropped on it, with the drop zone's
// state and the refusals of a file too large or of the wrong type. Each at
// 1280 and 375 px, axe-core clean. Prints TAP.
import {setup, apiAs, loginPage, axeBoth, expect, finish, PASSWORD} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
  '4 0 obj<</Length 47>>stream\nBT /F1 28 Tf 20 100 Td (Surat pengantar) Tj ET\nendstream endobj\n' +
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForLoadState('networkidle');
}

// Desktop then phone (harness axeBoth): axe-core clean, nothing wider than
// the phone, a screenshot of each as OUT/70-<name>-desktop|phone.png.
const bothSizes = (page, name) => axeBoth(page, name, '70-' + name);

// A file uploaded through the API as `login` (multipart, as the page does).
async function uploadAs(login, number, name, bytes) {
  const r = await fetch(base + '/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({login, password: PASSWORD})});
  const {csrf_token: csrf} = await r.json();
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  const up = await fetch(`${base}/api/v1/tickets/${number}/attachments`, {method: 'POST', headers: {Cookie: cookie, 'X-CSRF-Token': csrf}, body: fd});
  expect(up.status === 201, `upload ${name}: ${up.status} ${await up.text()}`);
}

const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const adminApi = await apiAs(base, 'admin@demo.test');
const services = (await reqApi.get('/services?per_page=200')).items;
const sid = services.find((s) => s.kind === 'ticket').id;
const file = async (title) => (await reqApi.post('/tickets', {title, description: 'Mohon dibantu.', service_id: sid})).number;
const older = await file('Proyektor ruang rapat redup');
const old2 = await file('Akun SIMPEG tidak bisa masuk');
const main = await file('Printer lantai 3 macet kertas');
await uploadAs('requester@demo.test', main, 'foto-printer.png', PNG);
await uploadAs('requester@demo.test', main, 'surat-pengantar.pdf', PDF);
await agentApi.post('/me/alerts/read-all');
await adminApi.post(`/tickets/${main}/assign`, {assignee_id: agentApi.user.id});

const agent = await loginPage(browser, base, 'agent', errors);

await t.case('the bell shows the unread count, lists "assigned to you", Escape closes it', async () => {
  const want = (await agentApi.get('/me/alerts/count')).unread;
  expect(want === 1, 'the API counts one unread notification, got ' + want);
  await agent.waitForFunction(() => {
    const c = document.querySelector('#bell .bell-count');
    return c && !c.hidden && c.textContent === '1';
  });
  expect(await agent.getAttribute('#bell', 'aria-label') === 'Notifikasi, 1 belum dibaca', 'the bell is labelled with the count');
  await agent.click('#bell');
  await agent.waitForSelector('#bell-panel:not([hidden]) .bell-item.unread');
  const text = await agent.textContent('#bell-panel .bell-item.unread');
  expect(text.includes('Administrator Helpdesk menugaskan tiket ini kepada Anda') && text.includes(main) &&
    text.includes('Printer lantai 3 macet kertas'), 'the row says who assigned which ticket: ' + text);
  expect(await agent.getAttribute('#bell', 'aria-expanded') === 'true', 'the button says the list is open');
  await bothSizes(agent, 'bell-open');
  await agent.keyboard.press('Escape');
  await agent.waitForSelector('#bell-panel', {state: 'hidden'});
  expect(await agent.evaluate(() => document.activeElement.id) === 'bell', 'focus is back on the bell');
});

await t.case('a row opens its ticket and is marked read; "mark all read" empties the count', async () => {
  await agent.click('#bell');
  await agent.click(`#bell-panel a[href="#/tickets/${main}"]`);
  await agent.waitForFunction((n) => location.hash === '#/tickets/' + n, main);
  await agent.waitForSelector('#reply-form');
  await agent.waitForFunction(() => document.querySelector('#bell .bell-count').hidden);
  expect((await agentApi.get('/me/alerts/count')).unread === 0, 'the API has it read');
  // the requester answers: the next refresh (each page change) shows it
  await reqApi.post(`/tickets/${main}/comments`, {body: 'Sudah saya coba nyalakan ulang.', internal: false});
  await go(agent, '#/queue/new');
  await agent.waitForFunction(() => document.querySelector('#bell .bell-count').textContent === '1' && !document.querySelector('#bell .bell-count').hidden);
  await agent.click('#bell');
  // the panel shows its last list until the new one arrives (where the
  // assignment was still unread): wait for the new one's only unread row
  await agent.waitForFunction(() => {
    const rows = document.querySelectorAll('#bell-panel .bell-item.unread');
    return rows.length === 1 && rows[0].textContent.includes('dr. Maya Lestari membalas tiket Anda');
  });
  await agent.click('#bell-panel .bell-all');
  await agent.waitForFunction(() => !document.querySelector('#bell-panel .bell-item.unread'));
  await agent.waitForFunction(() => document.querySelector('#bell .bell-count').hidden);
  expect((await agentApi.get('/me/alerts/count')).unread === 0, 'all read through the API too');
  await agent.keyboard.press('Escape');
});

await t.case("the requester's other tickets beside the ticket (below it on a phone)", async () => {
  await go(agent, '#/tickets/' + main);
  await agent.waitForSelector('#requester-history .history-item');
  const h2 = await agent.textContent('#requester-history h2');
  expect(h2 === 'Tiket lain dr. Maya Lestari', 'heading names the requester: ' + h2);
  const rows = await agent.locator('#requester-history .history-item').allTextContents();
  const api = (await agentApi.get(`/tickets?requester_id=${reqApi.user.id}&per_page=9`)).items.filter((x) => x.number !== main);
  expect(rows.length === Math.min(api.length, 8), `as many rows as the API lists (${rows.length} vs ${api.length})`);
  expect(rows[0].includes(old2) && rows[0].includes('Akun SIMPEG tidak bisa masuk') && rows[0].includes('Baru'), 'newest first, with title and status: ' + rows[0]);
  expect(rows[1].includes(older), 'then the older one');
  expect(!rows.some((r) => r.includes(main)), 'not the ticket itself');
  const side = await agent.locator('#requester-history').boundingBox();
  const reply = await agent.locator('#reply-form').boundingBox();
  expect(side.x > reply.x + reply.width - 1, 'beside the reply box at 1280 px');
  await bothSizes(agent, 'history');
  await agent.setViewportSize({width: 375, height: 740});
  await agent.waitForFunction(() => window.innerWidth === 375);
  const s = await agent.locator('#requester-history').boundingBox();
  const r = await agent.locator('#reply-form').boundingBox();
  await agent.setViewportSize({width: 1280, height: 900});
  expect(s.y > r.y + r.height, 'below the reply box at 375 px');
});

await t.case('an image attachment opens in a preview dialog; Escape closes it', async () => {
  const btn = agent.getByRole('button', {name: 'Pratinjau foto-printer.png'});
  await btn.click();
  await agent.waitForSelector('dialog.preview[open] img.preview-img');
  await agent.waitForFunction(() => { const i = document.querySelector('dialog.preview img'); return i.complete && i.naturalWidth === 1; });
  expect(await agent.textContent('dialog.preview h2') === 'foto-printer.png', 'the dialog is titled with the file name');
  expect(await agent.getAttribute('dialog.preview img', 'alt') === 'foto-printer.png', 'the image has its name as text');
  await bothSizes(agent, 'preview-image');
  await agent.keyboard.press('Escape');
  await agent.waitForFunction(() => !document.querySelector('dialog.preview'));
  expect(await agent.evaluate(() => document.activeElement.getAttribute('aria-label')) === 'Pratinjau foto-printer.png', 'focus is back on its button');
});

await t.case('a PDF attachment opens in the preview, served inline and sandboxed', async () => {
  await agent.getByRole('button', {name: 'Pratinjau surat-pengantar.pdf'}).click();
  await agent.waitForSelector('dialog.preview[open] iframe.preview-pdf');
  const src = await agent.getAttribute('dialog.preview iframe', 'src');
  expect(/^\/api\/v1\/attachments\/\d+\?inline=1$/.test(src), 'the frame shows the inline address: ' + src);
  const r = await agent.evaluate(async (u) => { const x = await fetch(u); return [x.headers.get('content-disposition'), x.headers.get('content-security-policy'), x.headers.get('content-type')]; }, src);
  expect(r[0].startsWith('inline;') && r[1].includes('sandbox') && r[2] === 'application/pdf', 'inline, sandboxed, application/pdf: ' + r.join(' | '));
  await bothSizes(agent, 'preview-pdf');
  await agent.getByRole('button', {name: 'Tutup'}).click();
  await agent.waitForFunction(() => !document.querySelector('dialog.preview'));
  const zip = await agent.locator('.attachments li').count();
  expect(zip >= 2, 'the list still shows both attachments');
});

await t.case('a pasted screenshot and a dropped file become attachments; too large and wrong types are refused', async () => {
  const zone = agent.locator('#reply-form .dropzone');
  expect((await zone.textContent()).includes('Seret berkas ke sini atau tempel tangkapan layar'), 'the drop zone says what it takes');
  // paste: a clipboard holding an image file, as a screenshot tool leaves it
  await agent.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'image.png', {type: 'image/png'}));
    document.querySelector('#reply-form textarea').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
  }, PNG.toString('base64'));
  await agent.waitForSelector('#reply-form .drop-files li');
  const pasted = await agent.textContent('#reply-form .drop-files li .fname');
  expect(/^tempelan-\d{8}-\d{6}\.png$/.test(pasted), 'the screenshot gets a name: ' + pasted);
  // drag a file over: the zone lights up and says so
  const lim = (await agentApi.get(`/tickets/${main}/attachments`)).limits;
  await agent.evaluate(() => {
    window.dragged = new DataTransfer();
    window.dragged.items.add(new File(['isi'], 'catatan.exe', {type: 'application/x-msdownload'}));
    document.querySelector('#reply-form').dispatchEvent(new DragEvent('dragenter', {dataTransfer: window.dragged, bubbles: true, cancelable: true}));
  });
  await agent.waitForSelector('#reply-form .dropzone.dragover');
  expect(await agent.textContent('#reply-form .drop-hint') === 'Lepaskan untuk melampirkan.', 'the zone says "release to attach"');
  await agent.evaluate(() => document.querySelector('#reply-form').dispatchEvent(new DragEvent('drop', {dataTransfer: window.dragged, bubbles: true, cancelable: true})));
  await agent.waitForSelector('#reply-form .dropzone:not(.dragover) .drop-errors .field-error');
  const typeErr = await agent.textContent('#reply-form .drop-errors');
  expect(typeErr.includes('catatan.exe: jenis berkas tidak diterima (boleh: ' + lim.types.split(',').join(', ') + ')'), 'wrong type refused with the allowed list: ' + typeErr);
  // a file one byte over the ticket's limit
  await agent.evaluate((max) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(max + 1)], 'rekaman-besar.pdf', {type: 'application/pdf'}));
    dt.items.add(new File(['%PDF-1.4\n%%EOF\n'], 'dropped.pdf', {type: 'application/pdf'}));
    document.querySelector('#reply-form').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
  }, lim.max_bytes);
  await agent.waitForFunction(() => document.querySelectorAll('#reply-form .drop-files li').length === 2);
  const sizeErr = await agent.textContent('#reply-form .drop-errors');
  expect(sizeErr.includes('rekaman-besar.pdf terlalu besar') && sizeErr.includes('batas'), 'too large refused with the limit: ' + sizeErr);
  const names = await agent.locator('#reply-form .drop-files .fname').allTextContents();
  expect(names[0] === pasted && names[1] === 'dropped.pdf', 'the pasted and the dropped file wait to be sent: ' + names);
  expect(await agent.evaluate(() => document.querySelector('#reply-form input[type=file]').files.length) === 2, 'both are in the file field');
  await bothSizes(agent, 'reply-drop');
  await agent.fill('#reply-form textarea', 'Terlampir foto layar.');
  await agent.click('#reply-form button[type=submit]');
  await agent.waitForSelector('.flash-box :text("Balasan terkirim")').catch(() => {});
  await agent.waitForFunction((n) => [...document.querySelectorAll('.attachments li a')].some((a) => a.textContent === n), pasted);
  const listed = (await agentApi.get(`/tickets/${main}/attachments`)).items.map((a) => a.filename);
  expect(listed.includes(pasted) && listed.includes('dropped.pdf'), 'the API lists both: ' + listed);
});

await t.case("the requester's bell has the agent's reply; the requester's page takes dropped files too", async () => {
  const req = await loginPage(browser, base, 'requester', errors);
  await go(req, '#/tickets/' + main);
  // the agent's reply above reached the requester's bell
  const unread = (await reqApi.get('/me/alerts/count')).unread;
  expect(unread >= 1, 'the requester has an unread notification, got ' + unread);
  await req.waitForFunction((n) => document.querySelector('#bell .bell-count').textContent === String(n), unread);
  await req.click('#bell');
  await req.waitForSelector('#bell-panel .bell-item.unread');
  expect((await req.textContent('#bell-panel')).includes('Siti Rahmawati membalas tiket Anda'), "the agent's reply is listed for the requester");
  await req.keyboard.press('Escape');
  await req.waitForSelector('#bell-panel', {state: 'hidden'});
  await req.waitForSelector('#add-info .dropzone');
  await req.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.4\n%%EOF\n'], 'kuitansi.pdf', {type: 'application/pdf'}));
    document.querySelector('#add-info').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
  });
  await req.waitForSelector('#add-info .drop-files li');
  expect(await req.textContent('#add-info .drop-files .fname') === 'kuitansi.pdf', 'the dropped file waits to be sent');
  await bothSizes(req, 'requester-drop');
  await req.context().close();
});

await finish(t, browser, srv, errors);
