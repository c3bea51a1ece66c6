// Loaded on every page (templates/base.html): installs the service worker,
// sends what waits in the outbox, and tells the person when they are
// offline, when something waits on this device, when it has been sent and
// when something could not be saved.
//
// Sending happens on every page load, when the network comes back, when the
// app is shown again, and — while anything waits — again and again with
// backoff (a few seconds at first, at most about a minute apart, with
// jitter): a server that was down comes back without any browser event,
// and `navigator.onLine` is only a hint. Background Sync, where the browser
// has it, covers the tab being closed (outbox.js, sw.js).

import { flush, pending, rejected, dismiss, CHANGED } from '../outbox.js';

/**
 * The wording of waiting records and the status area's styles: fetched only
 * when there is something to say, so a page with nothing waiting (most of
 * them) costs neither request.
 */
let words = null;
async function loadWords() {
  if (!words) words = await import('./describe.js');
  return words;
}

function stylesheet() {
  if (document.querySelector('link[href="/static/journal/status.css"]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/static/journal/status.css';
  document.head.append(link);
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** The status area at the top of the main content, made once. */
function area() {
  let box = document.getElementById('net-status');
  if (!box) {
    box = el('div', { id: 'net-status', className: 'net-status' });
    const main = document.getElementById('main');
    if (!main) return null;
    main.prepend(box);
  }
  return box;
}

/** Whether the last try to send found the server out of reach. */
let unreachable = false;
/** How many waiting records this page has seen sent (by itself or the worker). */
let sentHere = 0;

function offlineBanner() {
  const copy = document.body.dataset.offlineCopy;
  if (navigator.onLine && copy === undefined && !unreachable) return null;
  const parts = [];
  if (!navigator.onLine) {
    parts.push(el('strong', {}, 'You’re offline.'), ' You can still check in and practise: what you save stays on this device and is sent when you’re back online.');
  } else {
    parts.push(el('strong', {}, 'backcalm’s server can’t be reached right now.'), ' What you save stays on this device and is sent when it’s back.');
  }
  if (copy !== undefined) {
    const saved = copy ? words.when(copy) : '';
    parts.push(` This is the copy of the page saved${saved ? ` on ${saved}` : ' on this device'}.`);
  }
  return el('p', { className: 'net-banner' }, ...parts);
}

function sentNote(waiting) {
  if (!sentHere || waiting.length) return null;
  const what = sentHere === 1 ? 'The record that waited on this device was' : `The ${sentHere} records that waited on this device were`;
  return el('p', { className: 'net-sent' }, `${what} sent to backcalm’s server. `, el('a', { href: '/history' }, 'See your history'));
}

function waitingNote(list) {
  if (!list.length) return null;
  const text = `${words.count(list)} saved on this device, waiting to be sent.`;
  return el('p', { className: 'net-waiting' }, text, ' ', el('a', { href: '/history#waiting' }, 'See what is waiting'));
}

function refusedList(list) {
  if (!list.length) return null;
  const items = list.map((r) => {
    const button = el('button', { type: 'button', className: 'button button-small' }, 'Dismiss');
    button.setAttribute('aria-label', `Dismiss: ${words.describe(r)}`);
    button.addEventListener('click', async () => {
      await dismiss(r.id);
      document.getElementById('net-status-refused-title')?.focus();
    });
    const note = r.body && r.body.note ? el('span', { className: 'refused-note' }, ` Your note: “${r.body.note}”`) : '';
    return el('li', {}, el('span', { className: 'refused-what' }, words.describe(r)), ': ', r.reason || 'the server refused it.', note, ' ', button);
  });
  return el('section', { className: 'net-refused' },
    el('h2', { id: 'net-status-refused-title', tabIndex: -1 }, 'These couldn’t be saved'),
    el('p', {}, 'The server refused them, so they were not added to your journal. Enter them again if you still want them.'),
    el('ul', {}, ...items));
}

let drawing = Promise.resolve();

/** Redraws the status area from the outbox and the network state. */
function render() {
  drawing = drawing.then(async () => {
    const box = area();
    if (!box) return;
    let waiting = [];
    let refused = [];
    try {
      [waiting, refused] = await Promise.all([pending(), rejected()]);
    } catch {
      // No IndexedDB (a private window in some browsers): nothing can wait here.
    }
    const offline = !navigator.onLine || document.body.dataset.offlineCopy !== undefined || unreachable;
    if (offline || sentHere || waiting.length || refused.length) {
      try {
        await loadWords();
        stylesheet();
      } catch {
        // The wording could not be fetched (offline before the worker kept it): say nothing rather than fail.
        return;
      }
    }
    const parts = words
      ? [offlineBanner(), sentNote(waiting), waitingNote(waiting), refusedList(refused)].filter(Boolean)
      : [];
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
    // Live only for changes after the first paint, so a page load is not read out twice.
    box.setAttribute('aria-live', 'polite');
  });
  return drawing;
}

const RETRY_FIRST_MS = 2000;
/** How long signing out waits for the outbox to be sent before it asks. */
const SIGN_OUT_WAIT_MS = 3000;
const RETRY_MAX_MS = 60000;
let retryDelay = RETRY_FIRST_MS;
let retryTimer = null;

/** Tries again later while anything waits: doubling delays up to a minute, each ±20 %. */
function retryLater() {
  if (retryTimer !== null) return;
  const wait = Math.round(retryDelay * (0.8 + Math.random() * 0.4));
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  retryTimer = setTimeout(() => { retryTimer = null; send(); }, wait);
}

async function waitingCount() {
  try {
    return (await pending()).length;
  } catch {
    return 0;
  }
}

/** A sent record resets the backoff; a network failure or server error keeps it growing. */
function tally(result) {
  if (!result) return;
  sentHere += result.sent;
  unreachable = result.kept > 0;
  if (result.sent) retryDelay = RETRY_FIRST_MS;
}

/** Sends what waits now (`soon`: the network or the app just came back, so start the backoff afresh). */
async function send({ soon = false } = {}) {
  if (soon) {
    retryDelay = RETRY_FIRST_MS;
    clearTimeout(retryTimer);
    retryTimer = null;
  }
  try {
    tally(await flush());
  } catch {
    // The outbox could not be opened; the status area says nothing is waiting.
  }
  await render();
  if ((await waitingCount()) > 0) retryLater();
  else retryDelay = RETRY_FIRST_MS;
}

/** Something was queued or sent elsewhere: redraw, and make sure a retry is due if anything waits. */
async function changed() {
  await render();
  if ((await waitingCount()) > 0) retryLater();
}

async function register() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch {
    // Without a service worker the app still works online; only offline use is lost.
  }
}

render();
// After the page has loaded, so that filling the offline copy does not compete with the page itself.
if (document.readyState === 'complete') register();
else window.addEventListener('load', register, { once: true });
send();
// Reminder code only where reminders are set (the server marks <html data-reminders>).
if ('reminders' in document.documentElement.dataset) {
  window.__backcalm_reminders_ready = import('../reminders.js').then((m) => m.startReminders());
}
window.addEventListener('online', () => send({ soon: true }));
window.addEventListener('offline', render);
window.addEventListener(CHANGED, changed);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') send({ soon: true });
});
// Signing out clears what this site keeps on the device, the outbox with it
// (hosted mode). Try to send what waits first; if something is still
// waiting, or was refused and not yet read, say so and let the person stay.
const signOut = document.querySelector('form[data-sign-out]');
signOut?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = signOut.querySelector('button');
  if (button) button.disabled = true;
  await Promise.race([send({ soon: true }), new Promise((r) => setTimeout(r, SIGN_OUT_WAIT_MS))]);
  let left = 0;
  try {
    left = (await pending()).length + (await rejected()).length;
  } catch {
    // The outbox could not be opened: nothing can be lost from it.
  }
  if (button) button.disabled = false;
  const records = left === 1 ? '1 record' : `${left} records`;
  const go = left === 0 || window.confirm(
    `${records} on this device ${left === 1 ? 'has' : 'have'} not reached your journal yet. `
    + 'Signing out now deletes them from this device. Sign out anyway?',
  );
  // submit() sends the form without coming back through this listener.
  if (go) signOut.submit();
});

// The service worker sent the outbox on a Background Sync.
navigator.serviceWorker?.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'outbox') {
    tally(e.data.result);
    render();
  }
});
