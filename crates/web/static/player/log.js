// The player's timing log: a test hook (`window.__backcalm_log`, an array)
// where the scheduler records what it did and when, on the audio clock.
// Browser tests read it to check that every bell was scheduled at
// t0 + at_ms / 1000 and that pause, resume and skip shift what remains.

/** Appends one entry, stamped with the page's clock for reading alongside. */
export function record(entry) {
  if (!Array.isArray(window.__backcalm_log)) window.__backcalm_log = [];
  window.__backcalm_log.push({ ...entry, page_ms: Math.round(performance.now()) });
}
