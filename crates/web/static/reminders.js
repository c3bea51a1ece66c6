// Reminder notifications while backcalm is open in a tab. Without push, the
// page itself has to keep time: it reads GET /api/v1/reminders, waits for the
// next reminder's time of day (the browser's local time) and, when the person
// allowed notifications, shows one. At most one a day on this device, so a
// reload or a second tab does not nag.
//
// On the settings page (#reminder-notify) it also offers the permission button.
//
// Hosted mode with Web Push (#reminder-push on the settings page): the
// server itself sends each reminder to the devices that turn it on, with
// backcalm closed (src/push.rs, sw.js). On such a device the page leaves
// the reminder to the push, so it does not come twice.

const SHOWN_KEY = 'backcalm.reminder.shown';
const ICON = '/static/icons/icon-192.png';
/** setTimeout cannot wait longer than about 24.8 days; a day is plenty. */
const DAY_MS = 24 * 60 * 60 * 1000;

let started = null;
let timer = 0;

/** Today's date on this device, e.g. 2026-11-26. */
function localDate(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function shownToday(now) {
  try {
    return localStorage.getItem(SHOWN_KEY) === localDate(now);
  } catch {
    return false;
  }
}

function markShown(now) {
  try {
    localStorage.setItem(SHOWN_KEY, localDate(now));
  } catch {
    // Private mode: the notification may then come twice, which is harmless.
  }
}

/** The next moment after `now` that a reminder's HH:MM falls on, with its reminder. */
export function nextReminder(reminders, now) {
  let best = null;
  for (const r of reminders) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(String(r.time || ''));
    if (!m) continue;
    const at = new Date(now);
    at.setHours(Number(m[1]), Number(m[2]), 0, 0);
    if (at <= now) at.setDate(at.getDate() + 1);
    if (!best || at < best.at) best = { at, reminder: r };
  }
  return best;
}

function notify(reminder) {
  const now = new Date();
  if (shownToday(now)) return;
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const body = reminder.label || 'A few quiet minutes for your back, if you like.';
  markShown(now);
  try {
    new Notification('backcalm', { body, icon: ICON, tag: 'backcalm-reminder' });
  } catch {
    // Some phones only show notifications from a service worker; nothing more to do here.
  }
  if (Array.isArray(window.__backcalm_notifications)) window.__backcalm_notifications.push(body);
}

/** This browser's push subscription, if it has one and can have one. */
async function browserSubscription() {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return null;
  try {
    const reg = await navigator.serviceWorker.getRegistration();
    return reg ? await reg.pushManager.getSubscription() : null;
  } catch {
    return null;
  }
}

/** The server's record of this device's subscription (hosted mode), or null. */
async function serverDevice(sub) {
  if (!sub) return null;
  try {
    const res = await fetch('/api/v1/push/subscriptions', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) return null;
    const devices = await res.json();
    return Array.isArray(devices) ? devices.find((d) => d.endpoint === sub.endpoint) || null : null;
  } catch {
    return null;
  }
}

/** Whether the server pushes this device's reminders (then the page does not show them). */
async function pushedHere() {
  return (await serverDevice(await browserSubscription())) !== null;
}

async function schedule() {
  clearTimeout(timer);
  if (await pushedHere()) return;
  let reminders = [];
  try {
    const res = await fetch('/api/v1/reminders', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (res.ok) reminders = await res.json();
  } catch {
    // Offline: no reminders this time; the next page load tries again.
  }
  if (!Array.isArray(reminders)) return;
  const next = nextReminder(reminders, new Date());
  if (!next) return;
  const wait = Math.min(DAY_MS, next.at - Date.now());
  timer = setTimeout(() => {
    if (next.at - Date.now() <= 1000) notify(next.reminder);
    schedule();
  }, Math.max(0, wait));
}

/** Starts keeping time for reminders (once per page); resolves when the first wait is set. */
export function startReminders() {
  if (!started) {
    started = schedule();
    // The tests wait on this before moving the clock.
    window.__backcalm_reminders_ready = started;
  }
  return started;
}

const STATE_WORDS = {
  granted: 'Reminder notifications are on for this browser. They appear while backcalm is open.',
  denied: 'This browser is set not to show notifications from backcalm. You can change that in the browser’s site settings if you want them.',
  default: 'Not allowed yet. Nothing changes unless you choose to.',
};

/** The settings page's "Allow reminder notifications" button. */
function offerPermission() {
  const box = document.getElementById('reminder-notify');
  if (!box) return;
  const button = document.getElementById('reminder-notify-allow');
  // The paragraph is hidden, not the button: .button's display would override [hidden].
  const ask = document.getElementById('reminder-notify-ask');
  const state = document.getElementById('reminder-notify-state');
  if (!('Notification' in window)) {
    state.textContent = 'This browser cannot show notifications; the calendar link still works.';
    box.hidden = false;
    ask.hidden = true;
    return;
  }
  const draw = () => {
    state.textContent = STATE_WORDS[Notification.permission] || STATE_WORDS.default;
    ask.hidden = Notification.permission !== 'default';
  };
  button.addEventListener('click', async () => {
    try {
      await Notification.requestPermission();
    } catch {
      // Older browsers take a callback instead; the state below is still right.
    }
    draw();
  });
  draw();
  box.hidden = false;
}

/** The key as PushManager.subscribe takes it. */
export function keyBytes(base64url) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

const PUSH_WORDS = {
  on: 'On: your reminders come to this device even when backcalm is closed. Signing out here stops them.',
  off: 'Off on this device. The reminders shown while backcalm is open still work.',
  unsupported: 'This browser cannot receive reminders with backcalm closed. The ones shown while it is open still work.',
  denied: 'This browser is set not to show notifications from backcalm, so reminders cannot reach it. You can change that in the browser’s site settings.',
};

/** The settings page's "Send reminders to this device" (hosted mode with Web Push). */
function offerPush() {
  const box = document.getElementById('reminder-push');
  if (!box) return;
  const on = document.getElementById('reminder-push-on');
  const off = document.getElementById('reminder-push-off');
  // The rows are hidden, not the buttons: .button's display would override [hidden].
  const onRow = document.getElementById('reminder-push-on-row');
  const offRow = document.getElementById('reminder-push-off-row');
  const state = document.getElementById('reminder-push-state');
  const show = (words, isOn) => {
    state.textContent = words;
    onRow.hidden = isOn;
    offRow.hidden = !isOn;
  };
  box.hidden = false;
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    onRow.hidden = true;
    offRow.hidden = true;
    state.textContent = PUSH_WORDS.unsupported;
    return;
  }
  const draw = async () => {
    const device = await serverDevice(await browserSubscription());
    show(device ? PUSH_WORDS.on : PUSH_WORDS.off, device !== null);
  };
  on.addEventListener('click', async () => {
    on.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        show(PUSH_WORDS.denied, false);
        return;
      }
      const keyRes = await fetch('/api/v1/push/key', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!keyRes.ok) throw new Error('the server did not give its key');
      const { public_key: key } = await keyRes.json();
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      const res = await fetch('/api/v1/push/subscriptions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(sub.toJSON()),
      });
      if (!res.ok) {
        const problem = await res.json().catch(() => ({}));
        throw new Error(problem.detail || `the server answered ${res.status}`);
      }
      clearTimeout(timer);
      show(PUSH_WORDS.on, true);
    } catch (e) {
      show(`Could not turn them on: ${e && e.message ? e.message : e}. The reminders shown while backcalm is open still work.`, false);
    } finally {
      on.disabled = false;
    }
  });
  off.addEventListener('click', async () => {
    off.disabled = true;
    try {
      const sub = await browserSubscription();
      const device = await serverDevice(sub);
      if (device) {
        await fetch(`/api/v1/push/subscriptions/${encodeURIComponent(device.id)}`, { method: 'DELETE', credentials: 'same-origin' });
      }
      if (sub) await sub.unsubscribe();
      show(PUSH_WORDS.off, false);
      started = null;
      startReminders();
    } catch (e) {
      show(`Could not turn them off: ${e && e.message ? e.message : e}.`, true);
    } finally {
      off.disabled = false;
    }
  });
  draw();
}

offerPermission();
offerPush();
