// Plain words for records waiting in the outbox or refused by the server.

const WHEN = new Intl.DateTimeFormat(undefined, {
  weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});

/** "Thu 26 Nov, 10:02" for an RFC 3339 instant, or "" when there is none. */
export function when(instant) {
  const d = instant ? new Date(instant) : null;
  return d && !Number.isNaN(d.getTime()) ? WHEN.format(d) : '';
}

/** One line about an outbox record: what it is, when, and its main value. */
export function describe(record) {
  const b = record.body || {};
  if (record.kind === 'checkin') {
    const at = when(b.recorded_at || record.created);
    const pain = b.pain === undefined || b.pain === null ? '' : `, pain ${b.pain}`;
    return `Check-in${at ? ` from ${at}` : ''}${pain}`;
  }
  const at = when(b.started_at || record.created);
  const what = b.practice ? ` (${b.practice})` : '';
  return `Practice session${at ? ` from ${at}` : ''}${what}`;
}

/** "1 check-in", "2 practice sessions and 1 check-in" for a list of outbox records. */
export function count(records) {
  const c = records.filter((r) => r.kind === 'checkin').length;
  const s = records.length - c;
  const parts = [];
  if (c) parts.push(`${c} check-in${c === 1 ? '' : 's'}`);
  if (s) parts.push(`${s} practice session${s === 1 ? '' : 's'}`);
  return parts.join(' and ');
}
