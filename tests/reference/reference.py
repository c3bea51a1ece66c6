#!/usr/bin/env python3
"""Computes tests/reference/expected.json from fixture.json, independently of the Rust code.

Uses zoneinfo for local dates, numpy for means and standard deviations,
scipy.stats.t.ppf for t quantiles and scipy.stats.spearmanr for rank
correlations. The definitions follow the doc comments of
crates/core/src/insights/ (rolling window, baseline, minimum counts); the
arithmetic does not share any code with them.

t quantiles are also solved to 40 digits with mpmath (Student's t CDF via
the regularized incomplete beta function), because scipy's t.ppf is itself
only accurate to about 1e-10 absolute close to p = 0.5.

Run: python3 tests/reference/reference.py   (needs: pip install scipy numpy mpmath)
"""

import json
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import mpmath
import numpy as np
import scipy
from scipy import stats

HERE = Path(__file__).parent
KIND_ORDER = ["breathing", "imagery", "body-scan", "pmr", "movement", "timer"]
ROLLING_MIN_DAYS = 3
BASELINE_MIN_DAYS = 3
MIN_SESSIONS = 5
MIN_PAIRS = 5
SLACK = 1e-9


def local_date(at, tz):
    return datetime.fromisoformat(at).astimezone(ZoneInfo(tz)).date()


def daily(checkins, field):
    """{date: (mean, n)} over check-ins where `field` is set, by local date."""
    values = defaultdict(list)
    for c in checkins:
        if c.get(field) is not None:
            values[local_date(c["recorded_at"], c["tz"])].append(c[field])
    return {d: (float(np.mean(v)), len(v)) for d, v in sorted(values.items())}


def rolling(pain, window=7):
    out = {}
    need = min(ROLLING_MIN_DAYS, window)
    for d in pain:
        inside = [pain[x][0] for x in pain if d - timedelta(days=window - 1) <= x <= d]
        out[d] = float(np.mean(inside)) if len(inside) >= need else None
    return out


def practice_days(sessions):
    return sorted({local_date(s["started_at"], s["tz"]) for s in sessions if s["actual_s"] > 0})


def days_practised(days, today, window):
    return sum(1 for d in days if today - timedelta(days=window - 1) <= d <= today)


def streak(days, today):
    have = set(days)
    day = today if today in have else today - timedelta(days=1)
    n = 0
    while day in have:
        n += 1
        day -= timedelta(days=1)
    return n


def weeks(sessions, today, first_weekday, goal):
    """first_weekday: 0 = Monday ... 6 = Sunday (Python's date.weekday())."""

    def start(d):
        return d - timedelta(days=(d.weekday() - first_weekday) % 7)

    seconds = defaultdict(int)
    for s in sessions:
        seconds[start(local_date(s["started_at"], s["tz"]))] += s["actual_s"]
    this = start(today)
    first = min(list(seconds) + [this])
    last = max(list(seconds) + [this])
    out = []
    w = first
    while w <= last:
        minutes = seconds.get(w, 0) / 60
        out.append(
            {
                "week_start": w.isoformat(),
                "minutes": minutes,
                "goal_minutes": goal,
                "goal_met": None if goal is None else minutes >= goal,
            }
        )
        w += timedelta(days=7)
    return out


def plural(n):
    return "day" if n == 1 else "days"


def label(p):
    if p <= -50 + SLACK:
        return "substantial"
    if p <= -30 + SLACK:
        return "meaningful"
    if p <= -10 + SLACK:
        return "minimal"
    if p >= 10 - SLACK:
        return "worse"
    return "none"


def baseline(pain, today, first_days=None, period=None):
    days = [d for d in pain if d <= today]
    if first_days is not None:
        chosen = days[:first_days]
    else:
        lo, hi = period
        chosen = [d for d in days if lo <= d <= hi]
    if len(chosen) < BASELINE_MIN_DAYS:
        if first_days is not None:
            more = max(first_days, BASELINE_MIN_DAYS) - len(chosen) + BASELINE_MIN_DAYS
            return {"need": f"Log {more} more {plural(more)} to see a trend."}
        more = BASELINE_MIN_DAYS - len(chosen)
        return {
            "need": f"The baseline from {period[0]} to {period[1]} has {len(chosen)} {plural(len(chosen))} "
            f"with check-ins; it needs {more} more, or choose another period."
        }
    last = chosen[-1]
    current = [pain[d][0] for d in days if today - timedelta(days=6) <= d and d > last]
    if len(current) < BASELINE_MIN_DAYS:
        filling = max(first_days - len(chosen), 0) if first_days is not None else 0
        more = filling + BASELINE_MIN_DAYS - len(current)
        return {"need": f"Log {more} more {plural(more)} to see a trend."}
    base = float(np.mean([pain[d][0] for d in chosen]))
    now = float(np.mean(current))
    if base == 0:
        return {"need": "Your baseline pain averaged 0, so a change cannot be given as a percentage."}
    pct = (now - base) / base * 100
    return {
        "pain": base,
        "current": now,
        "percent_change": pct,
        "label": label(pct),
        "baseline_from": chosen[0].isoformat(),
        "baseline_to": last.isoformat(),
        "baseline_days": len(chosen),
        "current_days": len(current),
    }


def effect(diffs):
    n = len(diffs)
    if n < MIN_SESSIONS:
        return None
    d = np.array(diffs, dtype=float)
    m = float(np.mean(d))
    half = float(stats.t.ppf(0.975, n - 1) * np.std(d, ddof=1) / np.sqrt(n))
    return {"mean": m, "ci_low": m - half, "ci_high": m + half, "n": n}


def techniques(sessions, kinds):
    groups = defaultdict(list)
    for s in sessions:
        if s["practice"] in kinds:
            groups[kinds[s["practice"]]].append(s)
    out = []
    for kind in KIND_ORDER:
        if kind not in groups:
            continue
        g = groups[kind]

        def diffs(before, after):
            return [s[after] - s[before] for s in g if s[before] is not None and s[after] is not None]

        out.append(
            {
                "kind": kind,
                "n": len(g),
                "pain": effect(diffs("pain_before", "pain_after")),
                "stress": effect(diffs("stress_before", "stress_after")),
            }
        )
    return out


def rankings(techs):
    out = []
    for measure in ["pain", "stress"]:
        for i, a in enumerate(techs):
            for b in techs[i + 1 :]:
                ea, eb = a[measure], b[measure]
                if ea is None or eb is None:
                    continue
                if ea["ci_high"] < eb["ci_low"]:
                    out.append({"measure": measure, "better": a["kind"], "worse": b["kind"]})
                elif eb["ci_high"] < ea["ci_low"]:
                    out.append({"measure": measure, "better": b["kind"], "worse": a["kind"]})
    return out


def association(checkins, pain, field):
    values = daily(checkins, field)
    pairs = [(v[0], pain[d + timedelta(days=1)][0]) for d, v in values.items() if d + timedelta(days=1) in pain]
    if len(pairs) < MIN_PAIRS:
        return None
    x, y = zip(*pairs)
    rho = stats.spearmanr(x, y).statistic
    if np.isnan(rho):
        return None
    return {"measure": field, "rho": float(rho), "n": len(pairs), "caution": "association, not cause"}


def peg(scores):
    pts = sorted(scores, key=lambda p: p["date"])
    change = pct = None
    if len(pts) >= 2:
        change = pts[-1]["score"] - pts[0]["score"]
        pct = change / pts[0]["score"] * 100 if pts[0]["score"] != 0 else None
    return {"points": pts, "change": change, "percent_change": pct}


def t_exact(p, df):
    """Student's t quantile to 40 significant digits, rounded to a float."""
    with mpmath.workdps(40):

        def cdf(t):
            tail = mpmath.betainc(mpmath.mpf(df) / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
            return 1 - tail if t > 0 else tail

        return float(mpmath.findroot(lambda t: cdf(t) - mpmath.mpf(p), mpmath.mpf(float(stats.t.ppf(p, df)))))


def main():
    fx = json.loads((HERE / "fixture.json").read_text())
    today = date.fromisoformat(fx["today"])
    goal = fx["weekly_goal_minutes"]
    checkins, sessions, kinds = fx["checkins"], fx["sessions"], fx["kinds"]

    pain = daily(checkins, "pain")
    roll = rolling(pain)
    days = [{"date": d.isoformat(), "pain_mean": m, "n": n, "rolling7": roll[d]} for d, (m, n) in pain.items()]
    pdays = practice_days(sessions)
    techs = techniques(sessions, kinds)
    period = tuple(date.fromisoformat(fx["baseline_period"][k]) for k in ("from", "to"))
    assoc = {f: association(checkins, pain, f) for f in ("sleep", "stress")}
    base_today = baseline(pain, today, first_days=7)

    expected = {
        "about": "Written by reference.py from fixture.json (scipy %s, numpy %s, mpmath %s); do not edit."
        % (scipy.__version__, np.__version__, mpmath.__version__),
        "days": days,
        "practice_days": [d.isoformat() for d in pdays],
        "days_practised_7": days_practised(pdays, today, 7),
        "days_practised_30": days_practised(pdays, today, 30),
        "streak_days": streak(pdays, today),
        "streaks": [
            {"today": t, "streak_days": streak(pdays, date.fromisoformat(t))} for t in fx["streak_checks"]
        ],
        "weeks_monday": weeks(sessions, today, 0, goal),
        "weeks_sunday": weeks(sessions, today, 6, None),
        "baselines": [
            {"today": t, "result": baseline(pain, date.fromisoformat(t), first_days=7)} for t in fx["baseline_checks"]
        ],
        "baseline_period": baseline(pain, today, period=period),
        "techniques": techs,
        "rankings": rankings(techs),
        "associations": assoc,
        "peg": peg(fx["peg"]),
        "t_quantiles": [
            {"p": p, "df": df, "t": float(stats.t.ppf(p, df)), "t_exact": t_exact(p, df)}
            for p in fx["t_checks"]["p"]
            for df in fx["t_checks"]["df"]
        ],
        # The top-level contract, as insights() must serialize it (a subset of its keys).
        "insights": {
            "today": fx["today"],
            "tz": fx["tz"],
            "baseline": None if "need" in base_today else base_today,
            "techniques": techs,
            "rankings": rankings(techs),
            "streak_days": streak(pdays, today),
            "days_practised_7": days_practised(pdays, today, 7),
            "days_practised_30": days_practised(pdays, today, 30),
            "days": days,
            "weeks": weeks(sessions, today, 0, goal),
            "associations": assoc,
        },
    }
    out = HERE / "expected.json"
    out.write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
