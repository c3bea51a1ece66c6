#!/usr/bin/env python3
"""Writes tests/reference/fixture.json: a seeded, made-up journal for the insights check.

120 days of check-ins and about 200 practice sessions by one person who
lives in New York until 14 March 2026 and in Berlin from the 15th, so the
journal crosses both zones' daylight-saving changes (New York 8 March,
Berlin 29 March) and a travel day. Check-ins and sessions use the field
names of core's CheckInDraft and SessionDraft, so the Rust test can validate
them through the drafts.

Deterministic: the same seed gives the same file byte for byte.
Run: python3 tests/reference/make_fixture.py
"""

import json
import math
import random
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20260514
FIRST_DAY = date(2026, 1, 15)
DAYS = 120
TODAY = FIRST_DAY + timedelta(days=DAYS - 1)  # 2026-05-14
MOVE_DAY = date(2026, 3, 15)  # flies New York -> Berlin this day
NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"

KINDS = {
    "natural-breath": "breathing",
    "paced-breathing": "breathing",
    "body-scan": "body-scan",
    "pmr": "pmr",
    "guided-imagery": "imagery",
    "mindful-movement": "movement",
    "meditation-timer": "timer",
}

# Mean pre -> post pain change per practice kind (made up, for the fixture only).
PAIN_EFFECT = {
    "breathing": -1.6,
    "body-scan": -0.7,
    "pmr": -1.0,
    "imagery": 0.1,
    "movement": -0.4,
    "timer": -0.5,
}


def zone_on(day):
    return NEW_YORK if day < MOVE_DAY else BERLIN


def clip(x):
    return max(0, min(10, int(round(x))))


def stamp(day, hh, mm, tz):
    """RFC 3339 with the zone's offset at that local time (times are chosen to exist)."""
    local = datetime.combine(day, time(hh, mm), tzinfo=ZoneInfo(tz))
    return local.isoformat()


def new_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def main():
    rng = random.Random(SEED)
    checkins = []
    sessions = []
    sleep_by_day = {}
    pain_level = {}

    for i in range(DAYS):
        day = FIRST_DAY + timedelta(days=i)
        tz = zone_on(day)
        # Slow improvement, a weekly ripple, and last night's sleep matter.
        prev_sleep = sleep_by_day.get(day - timedelta(days=1), 5)
        level = 6.6 - 2.4 * i / (DAYS - 1) + 0.6 * math.sin(i / 7 * 2 * math.pi) - 0.3 * (prev_sleep - 5)
        pain_level[day] = level
        sleep = clip(rng.gauss(6 - 0.3 * (level - 5), 1.6))
        sleep_by_day[day] = sleep
        if rng.random() < 0.1 and day not in (date(2026, 3, 8), date(2026, 3, 29), MOVE_DAY):
            continue  # a day without check-ins
        count = rng.choice([1, 1, 2, 2, 3])
        times = sorted((rng.randint(6, 23), rng.randint(0, 59)) for _ in range(count))
        for n, (hh, mm) in enumerate(times):
            checkins.append(
                {
                    "id": new_id(rng),
                    "recorded_at": stamp(day, hh, mm, tz),
                    "tz": tz,
                    "pain": clip(rng.gauss(level, 1.2)),
                    "stress": clip(rng.gauss(3 + 0.5 * level, 1.5)) if rng.random() < 0.85 else None,
                    # Sleep is rated at the first check-in of the day only.
                    "sleep": sleep if n == 0 and rng.random() < 0.9 else None,
                }
            )

    # Edge cases a day boundary gets wrong, each with a known local day.
    special = [
        ("2026-03-08T00:30:00-05:00", NEW_YORK, 7),  # 00:30 on New York's spring-forward day
        ("2026-03-07T23:30:00-05:00", NEW_YORK, 3),  # already 8 March in UTC
        ("2026-03-14T20:00:00-04:00", NEW_YORK, 5),  # 01:00 on 15 March in Berlin, still the 14th here
        ("2026-03-29T00:30:00+01:00", BERLIN, 6),  # 00:30 on Berlin's spring-forward day
        ("2026-03-28T23:50:00+01:00", BERLIN, 2),  # 22:50 UTC
        ("2026-03-29T03:15:00+02:00", BERLIN, 4),  # just after the skipped hour
    ]
    for at, tz, pain in special:
        checkins.append({"id": new_id(rng), "recorded_at": at, "tz": tz, "pain": pain, "stress": None, "sleep": None})
    checkins.sort(key=lambda c: datetime.fromisoformat(c["recorded_at"]))

    practices = list(KINDS)
    weights = [3, 3, 2, 2, 2, 1, 0]
    # Nothing today, and yesterday only the 23:50 session added below: the
    # streak today hinges on counting a session for the day it started.
    for i in range(DAYS - 2):
        day = FIRST_DAY + timedelta(days=i)
        if day == date(2026, 3, 28):
            continue  # likewise: only the 23:50 session below
        tz = zone_on(day)
        last_week = i >= DAYS - 9
        if not last_week and rng.random() < 0.15:
            continue
        for _ in range(rng.choice([1, 2, 2, 3])):
            practice = rng.choices(practices, weights)[0]
            kind = KINDS[practice]
            minutes = rng.choice([2, 3, 5, 10, 15])
            completed = rng.random() < 0.85
            actual_s = minutes * 60 if completed else rng.randint(0, minutes * 60 - 1)
            before = clip(pain_level[day] + rng.gauss(0, 1))
            rated = rng.random() < 0.8
            stress_rated = rated and rng.random() < 0.85
            s_before = clip(rng.gauss(5, 1.5))
            hh, mm = rng.randint(6, 22), rng.randint(0, 59)
            sessions.append(
                {
                    "id": new_id(rng),
                    "practice": practice,
                    "minutes": minutes,
                    "started_at": stamp(day, hh, mm, tz),
                    "tz": tz,
                    "actual_s": actual_s,
                    "completed": completed,
                    "pain_before": before if rated else None,
                    "pain_after": clip(before + PAIN_EFFECT[kind] + rng.gauss(0, 0.6)) if rated else None,
                    "stress_before": s_before if stress_rated else None,
                    "stress_after": clip(s_before - 1.2 + rng.gauss(0, 0.8)) if stress_rated else None,
                }
            )

    def plain(practice, at, tz, minutes, actual_s, before=None, after=None):
        return {
            "id": new_id(rng),
            "practice": practice,
            "minutes": minutes,
            "started_at": at,
            "tz": tz,
            "actual_s": actual_s,
            "completed": actual_s >= minutes * 60,
            "pain_before": before,
            "pain_after": after,
            "stress_before": None,
            "stress_after": None,
        }

    sessions += [
        # Begun at 23:50 the evening before the change, ends after midnight: counts for the 28th.
        plain("body-scan", "2026-03-28T23:50:00+01:00", BERLIN, 15, 900, 6, 5),
        # Begun at 23:50 yesterday: keeps the streak alive today.
        plain("body-scan", stamp(TODAY - timedelta(days=1), 23, 50, BERLIN), BERLIN, 20, 1200, 4, 3),
        # Opened and closed at once: not practice, counts for no day.
        plain("pmr", "2026-02-02T09:00:00-05:00", NEW_YORK, 10, 0),
        # Only three timer sessions ever: "not enough data yet".
        plain("meditation-timer", "2026-04-02T07:00:00+02:00", BERLIN, 20, 1200, 5, 4),
        plain("meditation-timer", "2026-04-09T07:00:00+02:00", BERLIN, 20, 1200, 5, 5),
        plain("meditation-timer", "2026-04-16T07:00:00+02:00", BERLIN, 20, 1200, 4, 3),
    ]
    sessions.sort(key=lambda s: datetime.fromisoformat(s["started_at"]))

    peg = []
    for week in range(0, DAYS, 7):
        day = FIRST_DAY + timedelta(days=week)
        items = [clip(pain_level[day] + rng.gauss(0, 1)) for _ in range(3)]
        peg.append({"date": day.isoformat(), "score": sum(items) / 3})

    fixture = {
        "about": "Made-up journal for the insights reference check; written by make_fixture.py, do not edit.",
        "today": TODAY.isoformat(),
        "tz": BERLIN,
        "weekly_goal_minutes": 70,
        "baseline_period": {"from": "2026-02-01", "to": "2026-02-14"},
        "baseline_checks": ["2026-01-17", "2026-01-21", "2026-01-25", "2026-01-28", "2026-02-10", "2026-03-01", "2026-05-14", "2026-07-01"],
        "streak_checks": ["2026-03-28", "2026-03-29", "2026-05-13", "2026-05-14", "2026-05-15", "2026-05-16"],
        "t_checks": {
            "p": [0.5000001, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.025, 0.1],
            "df": list(range(1, 41)) + [50, 60, 80, 99, 100, 120, 200, 500, 1000, 5000],
        },
        "kinds": KINDS,
        "checkins": checkins,
        "sessions": sessions,
        "peg": peg,
    }
    out = Path(__file__).with_name("fixture.json")
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}: {len(checkins)} check-ins, {len(sessions)} sessions, {len(peg)} PEG scores")


if __name__ == "__main__":
    main()
