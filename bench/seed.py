#!/usr/bin/env python3
"""Writes a backcalm export (JSON) for the bench scripts to load with
`backcalm import`, so every journal passes the same validation as `log`.

    bench/seed.py SHAPE OUT.json

Shapes (times count back from now, zone Europe/London):
  ten-years  3,650 check-ins (one a day) and 10,000 sessions (one every
             525 minutes): the insights journal (bench/insights.sh)
  ordinary   10,000 check-ins, three a day going back about nine years
             (issue 3's journal)
  week       10,000 check-ins spread evenly from local midnight six days ago
             until a minute ago: all in the week `log`'s rescreen rule reads
  large      100,000 check-ins, one an hour going back about eleven years
  year       one person's year as hosted mode's load bench copies it to a
             thousand people (bench/load.sh): a check-in six days a week, a
             session five days a week, a PEG-3 questionnaire every week
"""
import datetime
import json
import sys
import uuid
import zoneinfo

shape, out = sys.argv[1], sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
checkins, sessions, questionnaires = [], [], []

if shape == "ten-years":
    practices = ["natural-breath", "paced-breathing", "body-scan", "guided-imagery",
                 "pmr", "mindful-movement", "sitting-meditation"]
    for day in range(3650):
        t = now - datetime.timedelta(days=day, hours=2)
        checkins.append({"id": str(uuid.UUID(int=day + 1)), "recorded_at": stamp(t), "tz": "Europe/London",
                         "pain": (day * 7) % 11, "stress": (day * 3) % 11, "sleep": (day * 5) % 11,
                         "feel": ["dull-ache"], "where": ["lower-back"], "activity": None,
                         "note": None, "flare": False})
    for i in range(10000):
        t = now - datetime.timedelta(minutes=525 * (i + 1))
        before = 3 + i % 6
        sessions.append({"id": str(uuid.UUID(int=100000 + i)), "practice": practices[i % len(practices)],
                         "variant": None, "minutes": 5, "started_at": stamp(t), "tz": "Europe/London",
                         "actual_s": 300, "completed": True, "pain_before": before,
                         "pain_after": max(0, before - (i % 3)), "stress_before": 5,
                         "stress_after": 4, "pleasantness": None, "regions": [], "note": None})
elif shape == "year":
    practices = ["natural-breath", "paced-breathing", "body-scan", "pmr"]
    for day in range(365):
        t = now - datetime.timedelta(days=day, hours=3)
        if day % 7 != 6:
            checkins.append({"id": str(uuid.UUID(int=day + 1)), "recorded_at": stamp(t),
                             "tz": "Europe/London", "pain": 3 + day % 5, "stress": 2 + day % 6,
                             "sleep": 4 + day % 5, "feel": ["dull-ache"], "where": ["lower-back"],
                             "activity": None, "note": "walked to the shops" if day % 3 == 0 else None,
                             "flare": day % 29 == 0})
        if day % 7 < 5:
            before = 4 + day % 4
            sessions.append({"id": str(uuid.UUID(int=10000 + day)), "practice": practices[day % 4],
                             "variant": None, "minutes": 5, "started_at": stamp(t + datetime.timedelta(hours=1)),
                             "tz": "Europe/London", "actual_s": 300, "completed": True,
                             "pain_before": before, "pain_after": before - day % 2,
                             "stress_before": 5, "stress_after": 4, "pleasantness": None,
                             "regions": [], "note": None})
        if day % 7 == 0:
            a = {"pain": 3 + day % 5, "enjoyment": 4 + day % 3, "activity": 5 - day % 4}
            questionnaires.append({"id": str(uuid.UUID(int=20000 + day)), "instrument": "peg-3",
                                   "answered_at": stamp(t + datetime.timedelta(hours=2)),
                                   "tz": "Europe/London", "answers": a,
                                   "score": sum(a.values()) / 3})
else:
    if shape == "ordinary":
        times = [now - datetime.timedelta(hours=8 * (i + 1)) for i in range(10000)]
    elif shape == "large":
        times = [now - datetime.timedelta(hours=i + 1) for i in range(100000)]
    elif shape == "week":
        london = zoneinfo.ZoneInfo("Europe/London")
        start = (now.astimezone(london) - datetime.timedelta(days=6)).replace(
            hour=0, minute=0, second=0).astimezone(datetime.timezone.utc)
        step = (now - datetime.timedelta(minutes=1) - start) / 10000
        times = [start + step * i for i in range(10000)]
    else:
        sys.exit(f"unknown shape {shape!r}: ten-years, year, ordinary, week or large")
    for i, t in enumerate(times):
        checkins.append({"id": str(uuid.UUID(int=i + 1)), "recorded_at": stamp(t),
                         "tz": "Europe/London", "pain": i % 11, "stress": i % 7, "sleep": (i * 3) % 11,
                         "feel": ["dull-ache"], "where": ["lower-back"], "activity": None,
                         "note": f"bench {i}"})

doc = {"format": "backcalm-export", "version": 1, "exported_at": stamp(now),
       "checkins": checkins, "sessions": sessions, "questionnaires": questionnaires}
with open(out, "w") as f:
    json.dump(doc, f)
