// The live desk in the browser (issue #20 point 3, docs/live.md): one
// EventSource (GET /api/v1/events) for the whole app, kept across pages,
// and one hook per page that wants to follow it:
//   liveQueue(view, name, queues)  counts on the queue tabs and in the
//     browser tab's title, a "N tiket baru" bar, rows shown kept fresh;
//   liveList(view)  "my tickets" follows its rows' status;
//   liveTicket(view, number, reload)  the ticket page reloads itself when
//     the ticket changes (or says so when a draft is being written), and
//     says who else is viewing or typing on it (presence heartbeats).
// Events carry ids and a kind only; each page refetches what it shows.
// When the stream cannot stay open (refused, or no EventSource), the same
// events are polled (?poll=1); when even that fails, each page refetches
// on a timer. A hook ends by itself once its page is gone.
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {get, post, qs} from './api.js';
import {session} from './session.js';
import {refreshBell} from './inapp_bell.js';

// tests shorten it (the workspace's own LOKET_POLL_MS too)
const pollMs = () => Number(window.LOKET_LIVE_POLL_MS || window.LOKET_POLL_MS || 10000);
const STREAM_RETRY_MS = 60000; // while polling, try the stream again this often
const HEARTBEAT_MS = 10000;    // presence; the server forgets a viewer after 30 s
const TYPING_IDLE_MS = 5000;

const subs = new Set();
let source = null;
let pollTimer = null;
let lastId = '';
let owner = null;

const bellSoon = debounce(() => refreshBell(), 500);

function setMode(mode) { document.documentElement.dataset.live = mode; }

function deliver(type, data) {
  // signed out (or someone else signed in without a live page yet): the
  // stream is not theirs to read
  if (!session.user || session.user.id !== owner) { subs.clear(); stop(); return; }
  // someone else's change may have rung the bell (web/js/inapp_bell.js)
  if (type === 'ticket' && data.actor !== session.user.id) bellSoon();
  for (const s of [...subs]) {
    if (!s.el.isConnected) { subs.delete(s); if (s.gone) s.gone(); continue; }
    try { s.on(type, data); } catch (e) { console.error(e); }
  }
  if (!subs.size) stop();
}

// The stream's text as sent to a poll: [type, data] of each event, the
// last id kept for the next poll.
function parseEvents(text) {
  const out = [];
  for (const block of text.split('\n\n')) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith('id: ')) lastId = line.slice(4);
    }
    if (data.length) out.push([type, JSON.parse(data.join('\n'))]);
  }
  return out;
}

async function pollOnce(first) {
  try {
    const r = await fetch('/api/v1/events' + qs({poll: 1, last_event_id: lastId}),
      {credentials: 'same-origin', headers: {Accept: 'text/event-stream'}});
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const events = parseEvents(await r.text());
    if (first) deliver('open', {});
    for (const [type, data] of events) deliver(type, data);
  } catch (e) {
    deliver('tick', {}); // no events to be had: each page refetches what it shows
  }
}

function startPolling() {
  if (pollTimer) return;
  setMode('poll');
  const since = Date.now();
  pollOnce(true);
  pollTimer = setInterval(() => {
    if (!subs.size) { stop(); return; }
    if ('EventSource' in window && Date.now() - since > STREAM_RETRY_MS) {
      clearInterval(pollTimer);
      pollTimer = null;
      connect();
      return;
    }
    pollOnce();
  }, pollMs());
}

function connect() {
  if (!('EventSource' in window)) { startPolling(); return; }
  // after a fallback the stream carries on from the last id polled; the
  // browser's own reconnections send Last-Event-ID by themselves
  const es = new EventSource('/api/v1/events' + qs({last_event_id: lastId}));
  source = es;
  for (const type of ['ticket', 'counts', 'presence', 'refresh']) {
    es.addEventListener(type, (m) => {
      if (m.lastEventId) lastId = m.lastEventId;
      deliver(type, JSON.parse(m.data));
    });
  }
  // what changed before the stream began is not in it: pages look again
  es.onopen = () => { setMode('stream'); deliver('open', {}); };
  es.onerror = () => {
    // CLOSED: refused (503 at the cap, 401); CONNECTING: the browser retries
    if (es.readyState === EventSource.CLOSED && source === es) {
      source = null;
      startPolling();
    }
  };
}

function stop() {
  if (source) source.close();
  source = null;
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
  setMode('off');
}

// Registers on(type, data) for as long as el is on the page.
function follow(el, on, gone) {
  const me = session.user ? session.user.id : null;
  if (owner !== me) { stop(); owner = me; lastId = ''; }
  if (!me) return;
  subs.add({el, on, gone});
  if (!source && !pollTimer) connect();
}

function debounce(f, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(f, ms); };
}

// ---- queues ---------------------------------------------------------------

const baseTitle = () => document.title.replace(/^\(\d+\) /, '');

export function liveQueue(view, name, queues) {
  const tabs = view.querySelector('.tabs');
  const list = view.querySelector('.list');
  const bar = h('div', {class: 'live-bar', hidden: true});
  list.before(bar);
  // a queue's filters without its sort (counts and the newest need none)
  const filter = (q) => { const f = {...queues[q]()}; delete f.sort; return f; };
  const shown = () => new Set([...list.querySelectorAll('tbody a[href^="#/tickets/"]')].map((a) => a.textContent.trim()));
  let seen = null; // numbers of this queue the agent has had on screen

  async function newest() {
    const r = await get('/tickets' + qs({...filter(name), sort: '-created_at', per_page: 50}));
    return r.items.map((x) => x.number);
  }

  async function counts() {
    const names = Object.keys(queues);
    const totals = await Promise.all(names.map((q) =>
      get('/tickets' + qs({...filter(q), per_page: 1})).then((r) => r.total, () => null)));
    if (!view.isConnected) return;
    names.forEach((q, i) => {
      const a = tabs.querySelector(`a[href="#/queue/${q}"]`);
      if (!a || totals[i] === null) return;
      let c = a.querySelector('.tab-count');
      if (!c) { c = h('span', {class: 'tab-count'}); a.append(' ', c); }
      c.textContent = String(totals[i]);
    });
    const mine = totals[names.indexOf(name)];
    if (mine !== null && mine !== undefined) document.title = `(${mine}) ` + baseTitle();
  }

  async function check() {
    const numbers = await newest();
    if (!view.isConnected) return;
    if (!seen) { seen = new Set(numbers); bar.dataset.ready = ''; } // what was there on arrival
    for (const n of shown()) seen.add(n);
    const fresh = numbers.filter((n) => !seen.has(n));
    clear(bar);
    bar.hidden = fresh.length === 0;
    if (fresh.length) {
      bar.append(h('button', {type: 'button', class: 'btn live-new', onclick: async () => {
        fresh.forEach((n) => seen.add(n));
        bar.hidden = true;
        await list.reload();
      }}, t('live.new_tickets', {n: fresh.length})));
    }
  }

  const recount = debounce(() => counts().catch(() => {}), 300);
  const recheck = debounce(() => check().catch(() => {}), 300);
  const refreshRows = debounce(() => list.reload(), 300);
  follow(view, (type, data) => {
    if (type === 'ticket') {
      if (data.kind === 'created') recheck();
      else if (shown().has(data.number)) refreshRows();
      else recheck(); // it may have moved into this queue
    } else if (type === 'counts') {
      recount();
    } else if (type === 'refresh' || type === 'tick' || type === 'open') {
      recount();
      recheck();
    }
  });
  check().catch(() => {});
  counts().catch(() => {});
}

// ---- a list of one's own tickets --------------------------------------------

// "My tickets": a ticket of the list (or a new one) changed: the list reloads,
// keeping its search, filters and page.
export function liveList(view) {
  const list = view.querySelector('.list');
  const again = debounce(() => list.reload(), 300);
  follow(view, (type) => { if (type !== 'presence' && type !== 'counts') again(); });
}

// ---- the ticket page -------------------------------------------------------

function presenceText(viewers) {
  const others = viewers.filter((v) => !session.user || v.id !== session.user.id);
  const typing = others.filter((v) => v.typing).map((v) => v.name);
  const viewing = others.filter((v) => !v.typing).map((v) => v.name);
  const lines = [];
  if (typing.length) lines.push(t('live.typing', {names: typing.join(', ')}));
  if (viewing.length) lines.push(t('live.viewing', {names: viewing.join(', ')}));
  return lines;
}

export function liveTicket(view, number, reload) {
  const box = h('div', {class: 'live-notes'});
  const presence = h('p', {class: 'live-presence', role: 'status', hidden: true});
  const stale = h('div', {class: 'live-stale warning', role: 'alert', hidden: true});
  box.append(presence, stale);
  view.before(box);
  let stamp = null;
  const draft = () => [...view.querySelectorAll('textarea')].some((x) => x.value.trim() !== '');

  async function changed() {
    if (!view.isConnected) return;
    if (draft()) {
      // a reply being written is never thrown away: ask first (in the
      // page's own warning when it has one, so there is one notice)
      const warn = view.querySelector('#stale') || stale;
      clear(warn);
      warn.append(h('p', {}, t('live.updated')),
        h('button', {type: 'button', class: 'btn', onclick: async () => { warn.hidden = true; await reload(); }},
          t('live.reload')));
      warn.hidden = false;
      return;
    }
    stale.hidden = true;
    await reload();
  }
  const later = debounce(() => changed().catch(() => {}), 300);

  // reload when the ticket moved on since last looked at (react: false
  // only notes where it is, for one's own change the page already shows)
  async function compare(react = true) {
    const tk = await get('/tickets/' + encodeURIComponent(number));
    if (react && stamp !== null && tk.updated_at !== stamp) later();
    stamp = tk.updated_at;
  }

  // presence: a heartbeat while the page is open, "typing" while keys come
  let typingUntil = 0;
  let sentTyping = false;
  const beat = (state) => post(`/tickets/${encodeURIComponent(number)}/presence`, {state}).catch(() => {});
  const onInput = (e) => {
    if (!e.target.matches('textarea')) return;
    typingUntil = Date.now() + TYPING_IDLE_MS;
    if (!sentTyping) { sentTyping = true; beat('typing'); }
  };
  view.addEventListener('input', onInput);
  const timer = setInterval(() => {
    if (!view.isConnected) return;
    if (sentTyping && Date.now() > typingUntil) { sentTyping = false; beat('viewing'); return; }
    if (document.visibilityState === 'visible') beat(sentTyping ? 'typing' : 'viewing');
  }, Math.min(HEARTBEAT_MS, TYPING_IDLE_MS));
  // closing the tab: best effort (the server forgets a silent viewer anyway)
  const leave = () => beat('left');
  let ended = false;
  const gone = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    clearInterval(watch);
    box.remove();
    beat('left');
    window.removeEventListener('pagehide', leave);
  };
  window.addEventListener('pagehide', leave);
  // leaving the page is noticed here, not only at the next event
  const watch = setInterval(() => { if (!view.isConnected) gone(); }, 1000);
  beat('viewing');

  follow(view, (type, data) => {
    if (type === 'ticket' && data.number === number) {
      if (!session.user || data.actor !== session.user.id) later();
      else compare(false).catch(() => {}); // one's own change: the page shows it
    } else if (type === 'presence' && data.number === number) {
      const lines = presenceText(data.viewers);
      presence.textContent = lines.join(' · ');
      presence.hidden = lines.length === 0;
    } else if (type === 'refresh' || type === 'tick' || type === 'open') {
      compare().catch(() => {});
    }
  }, gone);
  compare().catch(() => {});
}
