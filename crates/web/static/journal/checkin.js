// The check-in form with JavaScript: the pain slider and the drawn body map
// (progressive enhancement over the plain form, which still works alone),
// and sending through the JSON API with the form's client id. When the
// network is down, the check-in waits in the outbox on this device and is
// sent later (static/outbox.js); the id makes sending it twice harmless.

import { queue, newId } from '../outbox.js';
import { painSlider } from './painslider.js';
import { bodyMap } from './bodymap.js';
import { clearErrors, showError } from './errors.js';

const form = document.querySelector('form.checkin[data-api]');
const slot = document.querySelector('.error-slot');
const status = document.querySelector('.checkin-status');

// core's limits, as the page renders them (Note::MAX_CHARS, Rating::MAX).
const MAX_TEXT = Number(form?.dataset.maxChars);
const RATING_MAX = Number(form?.dataset.ratingMax);

function zone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function say(...lines) {
  status.replaceChildren(...lines.map((l) => {
    const p = document.createElement('p');
    p.append(...(Array.isArray(l) ? l : [l]));
    return p;
  }));
  status.tabIndex = -1;
  status.focus();
}

/** The form as the API takes it. */
function collect() {
  const fd = new FormData(form);
  const num = (k) => {
    const v = String(fd.get(k) ?? '').trim();
    return v === '' ? null : Number(v);
  };
  const text = (k) => {
    const v = String(fd.get(k) ?? '').trim();
    return v === '' ? null : v;
  };
  return {
    id: String(fd.get('id') || ''),
    pain: num('pain'),
    stress: num('stress'),
    sleep: num('sleep'),
    feel: fd.getAll('feel').map(String),
    where: fd.getAll('where').map(String),
    activity: text('activity'),
    note: text('note'),
    flare: fd.get('flare') !== null,
  };
}

/** The API's own rules, checked first so that a check-in saved offline is not refused later. */
function problem(body) {
  if (body.pain === null) return ['pain', `is required: how much it hurts now, 0-${RATING_MAX}`];
  for (const k of ['pain', 'stress', 'sleep']) {
    const v = body[k];
    if (v !== null && !(Number.isInteger(v) && v >= 0 && v <= RATING_MAX)) {
      return [k, `${v} is not on the 0-${RATING_MAX} scale; use a whole number from 0 to ${RATING_MAX}`];
    }
  }
  for (const k of ['activity', 'note']) {
    const n = body[k] ? [...body[k]].length : 0;
    if (n > MAX_TEXT) return [k, `is ${n} characters long; keep it to ${MAX_TEXT} or fewer`];
  }
  return null;
}

if (form) {
  const editing = form.dataset.editing === 'true';
  const idInput = form.querySelector('input[name="id"]');
  const submit = form.querySelector('button[type="submit"]');
  const pain = painSlider(form);
  const map = bodyMap(form);
  form.classList.add('is-enhanced');

  // When this check-in was made: fixed at the first attempt, so that a retry
  // of the same id sends the very same record (the server then answers 200).
  let stamp = null;

  function fresh() {
    idInput.value = newId();
    stamp = null;
  }

  // A saved copy of the page (offline) or one restored from the back/forward
  // cache still carries the id of a check-in that may already be saved.
  if (!editing && document.body.dataset.offlineCopy !== undefined) fresh();
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && !editing) {
      form.reset();
      fresh();
      pain.refresh();
      map.refresh();
      status.replaceChildren();
    }
  });

  async function keepForLater(body) {
    await queue('checkin', body);
    form.reset();
    fresh();
    pain.refresh();
    map.refresh();
    clearErrors(form, slot);
    const saved = document.createElement('strong');
    saved.textContent = navigator.onLine
      ? 'Saved on this device — backcalm’s server can’t be reached, so it will be sent as soon as it answers.'
      : 'Saved on this device — it will be sent when you’re back online.';
    const history = document.createElement('a');
    history.href = '/history';
    history.textContent = 'see your history';
    say(saved, ['You can check in again, or ', history, '.']);
    window.scrollTo({ top: 0 });
  }

  async function send(body) {
    const res = await fetch(form.dataset.api, {
      method: form.dataset.method || 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (res.ok) {
      // The server says when the check-in calls for crisis lines: show them, gently, next.
      let saved = {};
      try { saved = await res.json(); } catch { /* stored either way */ }
      if (saved && saved.support && saved.id) {
        window.location.assign(`/help-now?checkin=${encodeURIComponent(saved.id)}#support`);
        return;
      }
      window.location.assign(editing ? '/history?done=updated' : '/history');
      return;
    }
    let p = {};
    try { p = await res.json(); } catch { /* not a problem document */ }
    const detail = p.detail || `the server answered ${res.status} ${res.statusText}`;
    if (res.status === 409 && !editing) {
      // The first check-in stands; sending again must not make a second copy.
      showError(form, slot, 'id', 'This check-in was already saved from this form with other answers, so nothing was saved this time. It is in your history, where you can edit it.');
    } else if (res.status >= 500 && !editing) {
      // The server is there but could not store it now: keep it and try later.
      await keepForLater(body);
    } else {
      if (res.status === 422 || res.status === 400) stamp = null;
      showError(form, slot, p.field && p.field !== 'id' ? p.field : '', detail);
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.getAttribute('aria-busy') === 'true') return;
    clearErrors(form, slot);
    status.replaceChildren();
    const body = collect();
    const bad = problem(body);
    if (bad) {
      showError(form, slot, bad[0], bad[1]);
      return;
    }
    if (!editing) {
      stamp = stamp || new Date().toISOString();
      body.recorded_at = stamp;
      const tz = zone();
      if (tz) body.tz = tz;
    }
    submit.setAttribute('aria-busy', 'true');
    try {
      if (!navigator.onLine && !editing) {
        await keepForLater(body);
      } else {
        await send(body);
      }
    } catch {
      // No answer at all: the network is down or the server is unreachable.
      if (editing) {
        showError(form, slot, '', 'You seem to be offline, so the change could not be saved. Nothing was lost: keep this page open and save again when you are back online.');
      } else {
        try {
          await keepForLater(body);
        } catch {
          showError(form, slot, '', 'The check-in could not be sent or kept on this device. Please try again.');
        }
      }
    } finally {
      submit.removeAttribute('aria-busy');
    }
  });
}
