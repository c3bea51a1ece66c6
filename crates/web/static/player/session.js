// The session record: built from the timeline, the clock and the two small
// forms, sent to POST /api/v1/sessions, and kept in the offline outbox when
// the server cannot be reached.

import { queue } from '../outbox.js';

/** `date` as RFC 3339 with the local offset, e.g. 2026-11-26T22:15:03+01:00. */
export function isoWithOffset(date) {
  const pad = (n, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

/** The person's IANA time zone, or undefined (the server then uses its own). */
export function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** A 0-10 rating from a radio group ('' is "skip" → null). */
function rating(form, name) {
  if (!form || !form.elements[name]) return null;
  const v = form.elements[name].value;
  return v === '' ? null : Number(v);
}

/**
 * The body for POST /api/v1/sessions (core's SessionDraft).
 * `run` is { id, timeline, startedAt: Date, actualS, completed }.
 */
export function draft(run, before, after) {
  const regions = after ? [...after.querySelectorAll('input[name="regions"]:checked')].map((b) => b.value) : [];
  const note = after && after.elements.note ? after.elements.note.value.trim() : '';
  const body = {
    id: run.id,
    practice: run.timeline.id,
    variant: run.timeline.variant ?? null,
    minutes: run.timeline.minutes ?? 0,
    started_at: isoWithOffset(run.startedAt),
    tz: timeZone(),
    actual_s: Math.max(0, Math.round(run.actualS)),
    completed: run.completed,
    pain_before: rating(before, 'pain_before'),
    pain_after: rating(after, 'pain_after'),
    stress_before: rating(before, 'stress_before'),
    stress_after: rating(after, 'stress_after'),
    pleasantness: rating(after, 'pleasantness'),
    regions,
    note: note === '' ? null : note,
  };
  for (const k of Object.keys(body)) if (body[k] === null || body[k] === undefined) delete body[k];
  return body;
}

const SESSIONS = '/api/v1/sessions';

/** A JSON request to the sessions API; `extra` adds fetch options. */
function request(method, url, body, extra = {}) {
  return fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    ...extra,
  });
}

/**
 * Keeps the session while the page is being left (tab closed, phone locked,
 * another app in front) before the person pressed Save: a `keepalive` POST
 * outlives the page. Offline, nothing can be sent as the page goes; if the
 * page lives on, Save still works as usual.
 */
export function keep(body) {
  request('POST', SESSIONS, body, { keepalive: true }).catch(() => {});
}

/**
 * Saves the finished form over a session already kept by `keep()`: PUT
 * replaces it. When the kept copy never arrived (404) it is created instead.
 */
export function replace(body) {
  return save('PUT', `${SESSIONS}/${encodeURIComponent(body.id)}`, body, { replacing: true });
}

/**
 * Sends the session. Resolves with { outcome: 'saved' }, { outcome: 'queued' }
 * (offline or server trouble: kept in the outbox for later) or
 * { outcome: 'refused', message, field } (the server said what to fix).
 */
export function send(body) {
  return save('POST', SESSIONS, body);
}

/** Sends `body`; without a network it waits in the outbox (as a replacement when `replacing`). */
async function save(method, url, body, { replacing = false } = {}) {
  let res;
  try {
    res = await request(method, url, body);
  } catch {
    await queue('session', body, { replace: replacing });
    return { outcome: 'queued' };
  }
  if (replacing && res.status === 404) return send(body);
  return outcome(res, body, { replacing });
}

/**
 * What a response to saving `body` means for the person (see `send`); server
 * trouble keeps it in the outbox (as a replacement when it was a PUT).
 */
async function outcome(res, body, { replacing = false } = {}) {
  if (res.ok) return { outcome: 'saved' };
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    await queue('session', body, { replace: replacing });
    return { outcome: 'queued' };
  }
  let message = `The server answered ${res.status}.`;
  let field = null;
  try {
    const p = await res.json();
    message = p.detail || p.title || message;
    field = p.field || null;
  } catch {
    // Not a problem document: keep the status line.
  }
  return { outcome: 'refused', message, field };
}
