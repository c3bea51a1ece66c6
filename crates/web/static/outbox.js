// The offline outbox: journal records written while the server could not be
// reached wait here (IndexedDB database `backcalm`, object store `outbox`)
// and are sent by `flush()` when the network is back.
//
// Sending twice is safe: every body carries a client `id` (a UUID) and the
// API answers 200 for a repeat of the same record, so a flush interrupted
// half-way can simply run again.
//
// Records: { id, kind: 'checkin' | 'session', body, created, replace }.
// `replace` marks a record that may already be on the server in an earlier
// form (a session kept while the page was left): it is sent with PUT, and
// created with POST only if the server has none.
// Records the server refused for good (409, 422, other 4xx) move to the
// `rejected` store with the server's reason, so the person can see what
// could not be saved instead of it vanishing silently.
//
// The pages send what waits (journal/app.js retries with backoff while
// anything waits); where the browser has Background Sync, queueing also
// registers a sync, and the service worker runs this same file (src/pwa.rs
// wraps it) to send the records after the tab is closed.

const DB_NAME = 'backcalm';
const DB_VERSION = 1;
const OUTBOX = 'outbox';
const REJECTED = 'rejected';

/** Where each kind of record is sent. */
const ENDPOINTS = Object.freeze({
  checkin: '/api/v1/checkins',
  session: '/api/v1/sessions',
});

/** The name of the window event sent whenever the outbox changes. */
export const CHANGED = 'backcalm:outbox';

/** The Background Sync tag under which the service worker sends the outbox. */
export const SYNC_TAG = 'backcalm-outbox';

/** The cookie hosted mode sets beside the session: the signed-in account's id. */
const ACCOUNT_COOKIE = 'backcalm_account';

/** The account a cookie string names, or '' (local mode, or none). */
export function ownerFromCookie(cookie) {
  for (const part of String(cookie || '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ACCOUNT_COOKIE) return decodeURIComponent(value.join('='));
  }
  return '';
}

/**
 * Whose records may be sent and listed now: the account id, '' in local
 * mode, or null when that cannot be known (the worker, which has no
 * cookies to read, offline or signed out), when nothing is sent.
 */
async function currentOwner() {
  if (typeof document !== 'undefined') return ownerFromCookie(document.cookie);
  try {
    const res = await fetch('/api/v1/me', {
      credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' },
    });
    // Local mode has no accounts.
    if (res.status === 404) return '';
    if (!res.ok) return null;
    return String((await res.json()).id);
  } catch {
    return null;
  }
}

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(REJECTED)) db.createObjectStore(REJECTED, { keyPath: 'id' });
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading the schema must not be blocked by us.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = () => { opening = null; reject(req.error); };
      req.onblocked = () => { opening = null; reject(new Error('the offline store is blocked by another tab; close other backcalm tabs and reload')); };
    });
  }
  return opening;
}

/** Runs `work(store)` in one transaction and resolves with its request's result once committed. */
async function run(storeName, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const req = work(tx.objectStore(storeName));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('the offline store transaction was aborted'));
  });
}

function byCreated(a, b) {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : 0;
}

/**
 * A fresh record id (a version 4 UUID). crypto.randomUUID() exists only in
 * secure contexts; a phone reaching the app over plain http on the home
 * network still gets a proper random id.
 */
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function announce() {
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(CHANGED));
}

/**
 * Asks the browser to wake the service worker when it can reach the
 * network, so that what waits is sent even if no backcalm tab is open.
 * Browsers without Background Sync (or that refuse it) rely on the pages.
 */
async function requestSync() {
  try {
    if (typeof navigator === 'undefined' || !navigator.serviceWorker) return;
    const reg = await navigator.serviceWorker.getRegistration();
    if (reg && reg.sync) await reg.sync.register(SYNC_TAG);
  } catch {
    // Not allowed here (a permission, a private window): the pages still send.
  }
}

/**
 * Keeps a record to send later. `kind` is 'checkin' or 'session'; `body` is
 * exactly the JSON the API takes. A body without an `id` gets one
 * (newId(), i.e. crypto.randomUUID()), so the server can recognise a repeat. Queueing the
 * same id again replaces the waiting copy. With `{ replace: true }` the body
 * replaces a record the server may already have (PUT). Resolves with the
 * stored record.
 */
export async function queue(kind, body, { replace = false } = {}) {
  if (!(kind in ENDPOINTS)) {
    throw new TypeError(`unknown record kind ${JSON.stringify(kind)}; use 'checkin' or 'session'`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TypeError('the record body must be a JSON object, as the API takes it');
  }
  const withId = body.id ? { ...body } : { ...body, id: newId() };
  const owner = (await currentOwner()) ?? '';
  const record = { id: withId.id, kind, body: withId, created: new Date().toISOString(), replace, owner };
  await run(OUTBOX, 'readwrite', (s) => s.put(record));
  announce();
  requestSync();
  return record;
}

/** The records of `owner` (records from before owners were kept are local mode's). */
function ownedBy(owner) {
  return (r) => (r.owner ?? '') === owner;
}

/** The records waiting to be sent for the account signed in now, oldest first. */
export async function pending() {
  const owner = await currentOwner();
  if (owner === null) return [];
  const all = await run(OUTBOX, 'readonly', (s) => s.getAll());
  return all.filter(ownedBy(owner)).sort(byCreated);
}

/**
 * The records the server refused, oldest first:
 * { id, kind, body, created, status, reason, field }.
 */
export async function rejected() {
  const owner = await currentOwner();
  if (owner === null) return [];
  const all = await run(REJECTED, 'readonly', (s) => s.getAll());
  return all.filter(ownedBy(owner)).sort(byCreated);
}

/** Forgets a refused record (after the person has read about it or copied it). */
export async function dismiss(id) {
  await run(REJECTED, 'readwrite', (s) => s.delete(id));
  announce();
}

/** Whether a status means the server will never accept this body as it is. */
function refusedForGood(status) {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

async function problemOf(res) {
  try {
    const p = await res.json();
    return { reason: String(p.detail || p.title || res.statusText), field: p.field || null };
  } catch {
    return { reason: `the server answered ${res.status} ${res.statusText}`, field: null };
  }
}

/** Sends one waiting record: POST, or PUT (then POST if the server has none) for a replacement. */
async function deliver(item) {
  const request = (method, url) => fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(item.body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (item.replace) {
    const res = await request('PUT', `${ENDPOINTS[item.kind]}/${encodeURIComponent(item.id)}`);
    if (res.status !== 404) return res;
  }
  return request('POST', ENDPOINTS[item.kind]);
}

async function sendAll() {
  const result = { sent: 0, rejected: 0, kept: 0 };
  const owner = await currentOwner();
  const all = await run(OUTBOX, 'readonly', (s) => s.getAll());
  if (owner === null) {
    // Not known who is signed in (offline, or signed out): keep all for later.
    result.kept = all.length;
    return result;
  }
  const waiting = all.filter(ownedBy(owner)).sort(byCreated);
  for (let i = 0; i < waiting.length; i += 1) {
    const item = waiting[i];
    let res;
    try {
      res = await deliver(item);
    } catch {
      // Offline again: keep this one and the rest for the next flush.
      result.kept += waiting.length - i;
      break;
    }
    if (res.ok) {
      await run(OUTBOX, 'readwrite', (s) => s.delete(item.id));
      result.sent += 1;
    } else if (refusedForGood(res.status)) {
      const { reason, field } = await problemOf(res);
      const db = await open();
      await new Promise((resolve, reject) => {
        const tx = db.transaction([OUTBOX, REJECTED], 'readwrite');
        tx.objectStore(REJECTED).put({ ...item, status: res.status, reason, field });
        tx.objectStore(OUTBOX).delete(item.id);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      result.rejected += 1;
    } else {
      // A server error may pass; keep it and try the others.
      result.kept += 1;
    }
  }
  return result;
}

let flushing = null;

/**
 * Sends every waiting record, oldest first: a 2xx answer removes it, a
 * refusal (409, 422 and other 4xx) moves it to `rejected()`, a network
 * failure or server error keeps it. Only one flush runs at a time, across
 * tabs too where the browser has Web Locks. Resolves with
 * { sent, rejected, kept }.
 */
export function flush() {
  if (!flushing) {
    const go = () => sendAll();
    const locked = typeof navigator !== 'undefined' && navigator.locks
      ? navigator.locks.request('backcalm-outbox', go)
      : go();
    flushing = locked
      .then((r) => { if (r.sent || r.rejected) announce(); return r; })
      .finally(() => { flushing = null; });
  }
  return flushing;
}
