// Reminder notifications while backcalm is open in a tab. Without push, the
// page itself has to keep time: it reads GET /api/v1/reminders, waits for the
// next reminder's time of day (the browser's local time) and, when the person
// allowed notifications, shows one. At most one a day on this device, so a
// reload or a second tab does not nag.
//
// On the settings page (#reminder-notify) it also offers the permission button.

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

async function schedule() {
  clearTimeout(timer);
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

offerPermission();
