#!/usr/bin/env python3
"""Reads backcalm's iCalendar export on stdin and checks it with an independent
parser (the `icalendar` package from PyPI) and Python's own zoneinfo.

Checks: CRLF line endings and lines of at most 75 octets; the calendar's
PRODID and VERSION; for every VEVENT a UID ending in @backcalm, a DTSTART in a
zone that has a VTIMEZONE (or UTC), a daily RRULE, a DURATION, and a VALARM
with ACTION:DISPLAY and a zero TRIGGER; and that each VTIMEZONE, turned into a
tzinfo by icalendar, gives the same UTC offset as zoneinfo on sample days
across the years the file covers.

Prints a JSON summary of the events on stdout for the Rust test to compare.
Exit status: 0 all good, 1 a check failed, 3 the icalendar package is missing.
Run by crates/core/tests/reminder.rs.
"""

import datetime as dt
import json
import sys
import zoneinfo

try:
    import icalendar
except ImportError:
    print(
        "check_ics.py needs the icalendar package: pip install icalendar",
        file=sys.stderr,
    )
    sys.exit(3)


def fail(message):
    print(f"check_ics.py: {message}", file=sys.stderr)
    sys.exit(1)


def check_lines(raw):
    if not raw.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    for n, line in enumerate(raw.split(b"\r\n")[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            fail(f"line {n} has a bare CR or LF")
        if len(line) > 75:
            fail(f"line {n} is {len(line)} octets long; fold at 75")


def sample_days(first_year):
    # The 1st and 15th of every month for three years: both sides of every change.
    for year in range(first_year, first_year + 3):
        for month in range(1, 13):
            for day in (1, 15):
                yield dt.datetime(year, month, day, 12, 0)


def check_zones(cal, first_year):
    zones = {}
    for tz in cal.walk("VTIMEZONE"):
        tzid = str(tz["TZID"])
        # lookup_tzid=False: build the tzinfo from our rules, not from the TZID name.
        ours = tz.to_tz(lookup_tzid=False)
        theirs = zoneinfo.ZoneInfo(tzid)
        for local in sample_days(first_year):
            a = local.replace(tzinfo=ours).utcoffset()
            b = local.replace(tzinfo=theirs).utcoffset()
            if a != b:
                fail(f"{tzid} on {local:%Y-%m-%d}: VTIMEZONE gives {a}, zoneinfo gives {b}")
        zones[tzid] = tz
    return zones


def check_event(ev, zones):
    uid = str(ev["UID"])
    if not uid.endswith("@backcalm"):
        fail(f"UID {uid!r} does not end in @backcalm")
    start = ev.decoded("DTSTART")
    if not isinstance(start, dt.datetime) or start.tzinfo is None:
        fail(f"{uid}: DTSTART is not a zoned date-time")
    tzid = ev["DTSTART"].params.get("TZID")
    if tzid is None and start.utcoffset() != dt.timedelta(0):
        fail(f"{uid}: DTSTART without TZID must be UTC")
    if tzid is not None and str(tzid) not in zones:
        fail(f"{uid}: DTSTART names TZID {tzid} but the file has no VTIMEZONE for it")
    rrule = ev.get("RRULE")
    if rrule is None or rrule.get("FREQ") != ["DAILY"]:
        fail(f"{uid}: expected RRULE:FREQ=DAILY, found {rrule!r}")
    duration = ev.decoded("DURATION")
    if not dt.timedelta(minutes=1) <= duration <= dt.timedelta(minutes=30):
        fail(f"{uid}: DURATION {duration} is not a few minutes")
    alarms = ev.walk("VALARM")
    if len(alarms) != 1:
        fail(f"{uid}: expected one VALARM, found {len(alarms)}")
    alarm = alarms[0]
    if str(alarm["ACTION"]) != "DISPLAY":
        fail(f"{uid}: VALARM ACTION is {alarm['ACTION']}")
    if alarm.decoded("TRIGGER") != dt.timedelta(0):
        fail(f"{uid}: VALARM TRIGGER is {alarm.decoded('TRIGGER')}")
    if not str(alarm.get("DESCRIPTION", "")).strip():
        fail(f"{uid}: VALARM has no DESCRIPTION")
    return {
        "uid": uid,
        "summary": str(ev["SUMMARY"]),
        "description": str(ev["DESCRIPTION"]),
        "tzid": None if tzid is None else str(tzid),
        "dtstart_local": start.strftime("%Y-%m-%dT%H:%M:%S"),
        "dtstart_utc": start.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rrule": rrule.to_ical().decode(),
        "alarm": str(alarm["DESCRIPTION"]),
    }


def main():
    raw = sys.stdin.buffer.read()
    check_lines(raw)
    cal = icalendar.Calendar.from_ical(raw)
    if str(cal.get("PRODID")) != "-//backcalm//reminders//EN":
        fail(f"PRODID is {cal.get('PRODID')!r}")
    if str(cal.get("VERSION")) != "2.0":
        fail(f"VERSION is {cal.get('VERSION')!r}")
    stamp = cal.walk("VEVENT")[0].decoded("DTSTAMP") if cal.walk("VEVENT") else None
    first_year = stamp.year if stamp else dt.date.today().year
    zones = check_zones(cal, first_year)
    events = [check_event(ev, zones) for ev in cal.walk("VEVENT")]
    json.dump({"zones": sorted(zones), "events": events}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
