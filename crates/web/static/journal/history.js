// The history with JavaScript: what waits in the outbox is listed at the
// top, and Delete removes a record at once through the API while offering
// Undo for 10 seconds; Undo puts back the very same record (same id, same
// content) with a POST. Without script, Delete opens a confirmation page.

import { pending, queue, CHANGED } from '../outbox.js';
import { describe } from './describe.js';

const UNDO_SECONDS = 10;

const waiting = document.getElementById('waiting');
const bar = document.querySelector('.undo-bar');
const barText = bar?.querySelector('.undo-text');
const undoButton = bar?.querySelector('.undo-button');

async function showWaiting() {
  if (!waiting) return;
  let list = [];
  try { list = await pending(); } catch { /* no IndexedDB: nothing can wait */ }
  waiting.querySelector('.waiting-list').replaceChildren(...list.map((r) => {
    const li = document.createElement('li');
    li.textContent = describe(r);
    return li;
  }));
  waiting.hidden = list.length === 0;
}

/** Refreshes the saved copy of this page that the service worker shows offline. */
function refreshSavedCopy() {
  fetch('/history', { headers: { Accept: 'text/html' }, credentials: 'same-origin' }).catch(() => {});
}

/** The deletion that can still be undone: { row, record, collection, kind, what, timer, left }. */
let open = null;

function finish() {
  if (!open) return;
  clearInterval(open.timer);
  const hadFocus = bar.contains(document.activeElement);
  const section = open.row.closest('section');
  open.row.remove();
  open = null;
  bar.hidden = true;
  if (hadFocus) {
    const heading = section?.querySelector('h2');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }
}

function countdown() {
  undoButton.querySelector('.undo-left').textContent = ` (${open.left} s)`;
}

function offerUndo(state) {
  finish();
  open = { ...state, left: UNDO_SECONDS };
  barText.textContent = `Deleted the ${state.what}.`;
  const left = document.createElement('span');
  left.className = 'undo-left';
  left.setAttribute('aria-hidden', 'true');
  undoButton.replaceChildren('Undo', left);
  undoButton.setAttribute('aria-label', `Undo: bring back the ${state.what}`);
  undoButton.hidden = false;
  countdown();
  bar.hidden = false;
  undoButton.focus();
  open.timer = setInterval(() => {
    open.left -= 1;
    if (open.left <= 0) finish(); else countdown();
  }, 1000);
}

function tell(text) {
  finish();
  barText.textContent = text;
  undoButton.hidden = true;
  bar.hidden = false;
  setTimeout(() => { if (!open) bar.hidden = true; }, 8000);
}

async function undo() {
  if (!open) return;
  const { row, record, collection, kind, what, timer } = open;
  clearInterval(timer);
  open = null;
  let restored = false;
  let later = false;
  try {
    const res = await fetch(collection, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(record),
      credentials: 'same-origin',
    });
    restored = res.ok;
  } catch {
    // Offline: the same record waits in the outbox and comes back when the network does.
    await queue(kind, record);
    restored = true;
    later = true;
  }
  if (!restored) {
    row.remove();
    tell(`The ${what} could not be brought back.`);
    return;
  }
  row.hidden = false;
  row.querySelector('.row-delete')?.focus();
  tell(later ? `The ${what} is back on this device and will be sent when you’re online.` : `The ${what} is back.`);
  refreshSavedCopy();
}

async function remove(link) {
  const row = link.closest('tr');
  const api = link.dataset.api;
  const what = `${link.dataset.kind} from ${row.querySelector('time')?.textContent ?? 'this row'}`;
  try {
    // Keep the record first, so that Undo can put back exactly this one.
    const got = await fetch(api, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    if (!got.ok) throw new Error(String(got.status));
    const record = await got.json();
    const res = await fetch(api, { method: 'DELETE', credentials: 'same-origin' });
    if (res.status !== 204 && res.status !== 404) throw new Error(String(res.status));
    row.hidden = true;
    offerUndo({
      row,
      record,
      what,
      collection: api.slice(0, api.lastIndexOf('/')),
      kind: api.includes('/sessions/') ? 'session' : 'checkin',
    });
    refreshSavedCopy();
  } catch {
    tell(navigator.onLine
      ? `The ${what} could not be deleted just now. Please try again.`
      : `You’re offline: deleting needs backcalm’s server. Try again when you’re back online.`);
  }
}

if (bar) {
  document.addEventListener('click', (e) => {
    const link = e.target.closest('a.row-delete[data-api]');
    if (!link) return;
    e.preventDefault();
    remove(link);
  });
  undoButton.addEventListener('click', undo);
}

showWaiting();
window.addEventListener(CHANGED, showWaiting);
