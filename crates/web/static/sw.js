// backcalm's service worker. Served at /sw.js (scope "/") by src/pwa.rs,
// which puts two constants in front of this file:
//   VERSION  — changes with every static file and the practice list, so a
//              new program version replaces the offline copy;
//   PRECACHE — every URL needed offline: the pages of the app, every static
//              file, each practice's page, player and default timeline.
//
// Strategy:
//   /static/*      cache first (the files change only with VERSION);
//   pages, /api/v1/practices and /api/v1/practices/{id}
//                  network first, the cached copy when the network fails
//                  or is very slow; pages are marked as the saved copy so
//                  the page can say so;
//   /api/v1/practices/{id}/audio
//                  from the backcalm-audio cache when the player kept the
//                  file there (screen-off mode), Range requests sliced from
//                  it; otherwise the network;
//   other /api/*   network only (journal data is never cached here); so are
//                  other Range requests;
//   POST, PUT, DELETE and other sites: never touched.
// Hosted mode: the server names the signed-in account on its answers
// (X-Backcalm-Account). When a page comes from a different account than
// the last one, every saved answer of another account is deleted first, so
// the next person on this browser never sees the last one's saved pages,
// even when that session ended without a sign-out.
// On a Background Sync it sends the offline outbox, and in hosted mode it
// shows the reminders the server sends by Web Push with the app closed
// (see the end).
/* global VERSION, PRECACHE, Outbox */

const CACHE = `backcalm-${VERSION}`;
const OFFLINE_PAGE = '/offline';
/** How long a page may take before the saved copy is shown instead. */
const SLOW_MS = 6000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the browser's HTTP cache, so the copy is this version's.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      // backcalm-audio goes too: a new version may speak or time a practice differently.
      .filter((n) => n.startsWith('backcalm-') && n !== CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

/** Pages that show one record; not kept, so a deleted record leaves no copy behind. */
function isRecordPage(path) {
  return path.startsWith('/history/');
}

function isPage(request, url) {
  if (request.mode === 'navigate') return true;
  return !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/static/')
    && (request.headers.get('Accept') || '').includes('text/html');
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.status === 200) {
    try { await cache.put(request, res.clone()); } catch { /* keep going without it */ }
  }
  return res;
}

/** The practice list and one practice's timeline (not its audio, which is large and streamed in ranges). */
const PRACTICE_DATA = /^\/api\/v1\/practices(\/[^/]+)?$/;

/**
 * The network's answer, or null when it failed or took longer than `ms` (it
 * is still stored when it arrives, when `keep(res)` says so); `before(res)`
 * runs first.
 */
function fromNetwork(request, cache, keep, ms, before = async () => {}) {
  const network = fetch(request).then(async (res) => {
    // Before anything is stored or shown (see keepOnly).
    try { await before(res); } catch { /* a failed clean-up must not cost the page */ }
    if (res.status === 200 && res.type === 'basic' && keep(res)) {
      // A copy that cannot be stored (quota) must not cost the person the answer.
      try { await cache.put(request, res.clone()); } catch { /* keep going without it */ }
    }
    return res;
  });
  // The race below handles failure; this only keeps the rejection from being reported as unhandled.
  network.catch(() => {});
  const slow = new Promise((resolve) => { setTimeout(() => resolve('slow'), ms); });
  return { network, first: Promise.race([network.catch(() => null), slow]) };
}

/** A saved page, marked so that the page can tell the person it is the saved copy. */
async function markedCopy(res) {
  const html = await res.text();
  const saved = res.headers.get('Date') || '';
  const marked = html.replace('<body>', `<body data-offline-copy="${saved.replace(/"/g, '')}">`);
  const headers = new Headers(res.headers);
  headers.set('Content-Type', 'text/html; charset=utf-8');
  // The body changed: its stored length and encoding no longer apply.
  headers.delete('Content-Length');
  headers.delete('Content-Encoding');
  return new Response(marked, { status: 200, headers });
}

const ACCOUNT = 'X-Backcalm-Account';
/** The account of the last page from the network, while this worker runs. */
let lastAccount = null;

/**
 * Deletes every saved answer that belongs to an account other than
 * `account`, then saves again, as this account, the precached pages among
 * them (so offline check-ins keep working), without waiting for that.
 */
async function keepOnly(cache, account) {
  const gone = [];
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    const owner = res && res.headers.get(ACCOUNT);
    if (owner && owner !== account) {
      await cache.delete(req);
      gone.push(new URL(req.url).pathname);
    }
  }
  const again = PRECACHE.filter((url) => gone.includes(url));
  if (again.length) {
    cache.addAll(again.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })))
      .catch(() => { /* offline again: they are saved as they are visited */ });
  }
}

async function networkFirstPage(request, url) {
  const cache = await caches.open(CACHE);
  // Only pages are kept (not downloads such as exports), and not one record's pages.
  const keep = (res) => !isRecordPage(url.pathname)
    && (res.headers.get('Content-Type') || '').startsWith('text/html');
  const { network, first } = fromNetwork(request, cache, keep, SLOW_MS, async (res) => {
    const account = res.headers.get(ACCOUNT);
    if (account && account !== lastAccount) {
      await keepOnly(cache, account);
      lastAccount = account;
    }
  });
  const res = await first;
  if (res && res !== 'slow') return res;
  const saved = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
  if (saved) return markedCopy(saved);
  if (res === 'slow') {
    // Nothing saved: keep waiting for the network rather than give up.
    try { return await network; } catch { /* fall through to the offline page */ }
  }
  const offline = await cache.match(OFFLINE_PAGE);
  return offline ? markedCopy(offline) : Response.error();
}

async function networkFirstData(request) {
  const cache = await caches.open(CACHE);
  const { network, first } = fromNetwork(request, cache, () => true, SLOW_MS);
  const res = await first;
  if (res && res !== 'slow') return res;
  const saved = await cache.match(request);
  if (saved) return saved;
  return network;
}

/** A practice rendered as one MP3; kept only when the player asks (screen-off mode). */
const PRACTICE_AUDIO = /^\/api\/v1\/practices\/[^/]+\/audio$/;
const AUDIO_CACHE = 'backcalm-audio';

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a `size`-byte file as [start, end], or null. */
function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start;
  let end;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  }
  return start <= end && start < size ? [start, end] : null;
}

/** The kept file (whole, or the asked-for slice as a 206), else the network. */
async function practiceAudio(request) {
  const cache = await caches.open(AUDIO_CACHE);
  const hit = await cache.match(request.url);
  if (!hit) return fetch(request);
  const range = request.headers.get('Range');
  if (!range) return hit;
  const blob = await hit.blob();
  const span = byteRange(range, blob.size);
  // A range this code does not understand (several parts, say): the server knows.
  if (!span) return fetch(request);
  const [start, end] = span;
  const headers = new Headers(hit.headers);
  headers.set('Content-Range', `bytes ${start}-${end}/${blob.size}`);
  headers.set('Content-Length', String(end - start + 1));
  return new Response(blob.slice(start, end + 1), { status: 206, statusText: 'Partial Content', headers });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  if (PRACTICE_AUDIO.test(url.pathname)) {
    event.respondWith(practiceAudio(request));
    return;
  }
  // Other Range requests go straight to the network: partial answers cannot be cached.
  if (request.headers.has('Range')) return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirst(request));
  } else if (PRACTICE_DATA.test(url.pathname)) {
    event.respondWith(networkFirstData(request));
  } else if (url.pathname.startsWith('/api/')) {
    // Journal data and audio: always from the server.
  } else if (isPage(request, url)) {
    event.respondWith(networkFirstPage(request, url));
  }
});

// A page can ask which version is active (the tests use it to wait for a warm cache).
self.addEventListener('message', (event) => {
  if (event.data === 'version' && event.ports[0]) event.ports[0].postMessage({ version: VERSION, cache: CACHE });
});

// Background Sync: the browser wakes the worker when it can reach the
// network again, even with every backcalm tab closed. The outbox is the
// pages' own code (Outbox, put in front of this file by src/pwa.rs).
self.addEventListener('sync', (event) => {
  if (event.tag !== Outbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    const result = await Outbox.flush();
    const pages = await self.clients.matchAll({ type: 'window' });
    for (const page of pages) page.postMessage({ type: 'outbox', result });
    // Failing the sync makes the browser try again later, with its own backoff.
    if (result.kept > 0) throw new Error('backcalm: the server could not be reached; records still wait');
  })());
});

// Web Push (hosted mode, src/push.rs): a reminder the server sent while
// backcalm may be closed. The payload is {title, body, url, tag}; anything
// unreadable still shows the usual gentle words, since a push the person
// asked for must show a notification.
const REMINDER_WORDS = 'A few quiet minutes for your back, if you like.';

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'backcalm';
  const body = typeof data.body === 'string' && data.body ? data.body : REMINDER_WORDS;
  const url = typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/';
  event.waitUntil(self.registration.showNotification(title, {
    body,
    icon: '/static/icons/icon-192.png',
    tag: typeof data.tag === 'string' && data.tag ? data.tag : 'backcalm-reminder',
    data: { url },
  }));
});

// A tap on the reminder: back to an open backcalm tab, or a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const wanted = (event.notification.data && event.notification.data.url) || '/';
  const target = new URL(wanted.startsWith('/') ? wanted : '/', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (open) {
      await open.focus();
      return;
    }
    await self.clients.openWindow(target);
  })());
});

// The browser renewed the subscription on its own: subscribe again with
// the same server key and tell the server, so reminders keep coming.
self.addEventListener('pushsubscriptionchange', (event) => {
  const old = event.oldSubscription;
  const key = old && old.options && old.options.applicationServerKey;
  if (!key) return;
  event.waitUntil((async () => {
    const fresh = event.newSubscription
      || await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    await fetch('/api/v1/push/subscriptions', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(fresh.toJSON()),
    });
  })().catch(() => {
    // Signed out, or offline: the settings page offers to turn it on again.
  }));
});
