//! The planner: program + history + today -> what to offer today.
//! The rules are listed in the module documentation of [`crate::program`].

use super::flare::{flare_on, Flare, FLARE_KINDS, FLARE_MAX_MINUTES};
use super::history::{ProgramHistory, SessionOutcome};
use super::{voice, PracticeFacts, Program, Week};
use crate::content::Kind;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// A week practised on fewer days than this is offered again.
pub const DAYS_TO_MOVE_ON: usize = 3;
/// A day counts as practised when a session that day was completed or ran this long.
pub const PRACTISED_MIN_S: u32 = 60;
/// Comfortable completed sessions at one length before a longer one is proposed.
pub const COMFORTABLE_TO_PROPOSE: usize = 3;
/// Unhelpful ratings, among the last [`UNHELPFUL_WINDOW`] rated sessions of a kind,
/// that set the kind aside.
pub const UNHELPFUL_TO_SET_ASIDE: usize = 3;
/// How many of a kind's most recent rated sessions are looked at; older ones
/// drop out, so a technique that starts to help comes back.
pub const UNHELPFUL_WINDOW: usize = 5;
/// The lengths a proposal steps through, in minutes (the product's 1, 2, 3, 5,
/// 10 … with an 8 so that 5 to 10 is two gentle steps).
pub const LENGTH_STEPS: [u32; 10] = [1, 2, 3, 5, 8, 10, 15, 20, 30, 45];
/// The PEG is due when none was answered in this many days, today included.
const PEG_EVERY_DAYS: i64 = 7;
/// A week's other questionnaires (PHQ-2, GAD-2) are due when the instrument
/// was not answered in this many days, today included: their questions are
/// about the last 2 weeks.
pub const QUESTIONNAIRE_EVERY_DAYS: i64 = 14;
const WEEK_DAYS: i64 = 7;

/// An offer of a longer session; the shorter one stays the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The length offered today.
    pub from_minutes: u32,
    /// The longer length the person may try.
    pub to_minutes: u32,
    /// Completed sessions at `from_minutes` rated comfortable.
    pub comfortable_sessions: u32,
}

/// The week's own technique, set aside because it was rated unhelpful; it
/// stays available, it is just not what today offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAside {
    /// The kind set aside.
    pub kind: Kind,
    /// The week's practice that today's offer replaces.
    pub practice: String,
    /// Unhelpful ratings among the kind's last rated sessions.
    pub unhelpful: u32,
    /// How many rated sessions were looked at (at most [`UNHELPFUL_WINDOW`]).
    pub rated: u32,
}

/// What the program offers on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Today {
    /// The program week, 1-8; it does not advance past a week offered again.
    pub current_week: u8,
    /// The day of this week's 7-day block, 1-7.
    pub week_day: u8,
    /// How many times this week has been offered again (0 the first time).
    pub repeat: u32,
    /// All weeks are done; the last week's choice goes on being offered.
    pub complete: bool,
    /// The week's title.
    pub title: String,
    /// The week's intro.
    pub intro: String,
    /// The week's lesson id.
    pub lesson: String,
    /// Further lessons to read this week, in order.
    pub also_read: Vec<String>,
    /// The kind of today's practice.
    pub kind: Kind,
    /// Today's practice id.
    pub practice: String,
    /// Its title.
    pub practice_title: String,
    /// The length offered, in minutes.
    pub minutes: u32,
    /// A shorter length the week offers as well (the body scan's 5 minutes).
    pub short_minutes: Option<u32>,
    /// A longer session the person may choose.
    pub proposal: Option<Proposal>,
    /// Set when today's practice replaces the week's own technique.
    pub set_aside: Option<SetAside>,
    /// The weekly PEG-3 is due.
    pub peg_due: bool,
    /// The week's other questionnaires not answered in the last
    /// [`QUESTIONNAIRE_EVERY_DAYS`] days (PHQ-2 and GAD-2 in weeks 1 and 8).
    pub questionnaires_due: Vec<String>,
    /// Today is a flare day: the offer is short and gentle.
    pub flare: Option<Flare>,
    /// A session today already counts as practice.
    pub practised_today: bool,
    /// At most one gentle line; none once the person has practised today.
    pub message: Option<String>,
}

struct Position {
    index: usize,
    week_day: u8,
    repeat: u32,
    complete: bool,
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

fn practised(s: &SessionOutcome) -> bool {
    s.completed || s.actual_s >= PRACTISED_MIN_S
}

/// Walks the 7-day blocks from the start to today: a finished block with
/// enough practised days moves the program on; otherwise the week comes again.
fn locate(
    program: &Program,
    history: &ProgramHistory,
    past: &[&SessionOutcome],
    today: Date,
) -> Position {
    let elapsed = days_between(history.start, today);
    if elapsed < 0 {
        return Position {
            index: 0,
            week_day: 1,
            repeat: 0,
            complete: false,
        };
    }
    let mut days_per_block: BTreeMap<i64, Vec<Date>> = BTreeMap::new();
    for s in past.iter().filter(|s| practised(s)) {
        let offset = days_between(history.start, s.date);
        if offset >= 0 {
            let days = days_per_block.entry(offset / WEEK_DAYS).or_default();
            if !days.contains(&s.date) {
                days.push(s.date);
            }
        }
    }
    let last = program.weeks.len().saturating_sub(1);
    let (mut index, mut repeat, mut complete) = (0, 0, false);
    for block in 0..elapsed / WEEK_DAYS {
        let days = days_per_block.get(&block).map_or(0, Vec::len);
        if days < DAYS_TO_MOVE_ON {
            repeat += 1;
        } else if index == last {
            complete = true;
            break;
        } else {
            index += 1;
            repeat = 0;
        }
    }
    Position {
        index,
        week_day: (elapsed % WEEK_DAYS + 1) as u8,
        repeat: if complete { 0 } else { repeat },
        complete,
    }
}

/// The last [`UNHELPFUL_WINDOW`] rated sessions of `kind`: (unhelpful, rated).
fn unhelpful_recent(kind: Kind, past: &[&SessionOutcome]) -> (usize, usize) {
    let rated: Vec<&&SessionOutcome> = past
        .iter()
        .rev()
        .filter(|s| s.kind == Some(kind) && s.is_rated())
        .take(UNHELPFUL_WINDOW)
        .collect();
    (
        rated.iter().filter(|s| s.is_unhelpful()).count(),
        rated.len(),
    )
}

fn is_set_aside(kind: Kind, past: &[&SessionOutcome]) -> bool {
    unhelpful_recent(kind, past).0 >= UNHELPFUL_TO_SET_ASIDE
}

/// The first week a kind appears in, for breaking ties in program order.
fn program_order(program: &Program, kind: Kind) -> usize {
    program
        .weeks
        .iter()
        .position(|w| w.kind == kind)
        .unwrap_or(usize::MAX)
}

/// The best-rated kind the person has completed, other than `exclude` and
/// not set aside: highest mean relief over rated sessions (0 when unrated),
/// then most completed sessions, then program order.
fn best_kind(program: &Program, past: &[&SessionOutcome], exclude: Option<Kind>) -> Option<Kind> {
    struct Score {
        relief: i64,
        rated: i64,
        completed: usize,
        order: usize,
    }
    let mut scores: BTreeMap<Kind, Score> = BTreeMap::new();
    for s in past {
        let Some(kind) = s.kind else { continue };
        let e = scores.entry(kind).or_insert(Score {
            relief: 0,
            rated: 0,
            completed: 0,
            order: program_order(program, kind),
        });
        if s.is_rated() {
            e.relief += i64::from(s.relief());
            e.rated += 1;
        }
        e.completed += usize::from(s.completed);
    }
    scores
        .into_iter()
        .filter(|(k, s)| Some(*k) != exclude && s.completed > 0 && !is_set_aside(*k, past))
        .max_by(|(_, a), (_, b)| {
            // Compare the means a.relief/a.rated and b.relief/b.rated without division.
            let mean_a = a.relief * b.rated.max(1);
            let mean_b = b.relief * a.rated.max(1);
            mean_a
                .cmp(&mean_b)
                .then(a.completed.cmp(&b.completed))
                .then(b.order.cmp(&a.order))
        })
        .map(|(k, _)| k)
}

/// The practice to offer for a kind: the one of that kind the person has
/// completed most (the later one on a tie), else the program's, else the library's first.
fn practice_for<'p>(
    program: &'p Program,
    kind: Kind,
    past: &[&SessionOutcome],
) -> Option<&'p PracticeFacts> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (i, s) in past.iter().enumerate() {
        if s.kind != Some(kind) || !s.completed {
            continue;
        }
        match counts.iter_mut().find(|(p, _, _)| *p == s.practice) {
            Some(c) => {
                c.1 += 1;
                c.2 = i;
            }
            None => counts.push((&s.practice, 1, i)),
        }
    }
    let favourite = counts
        .iter()
        .max_by_key(|(_, n, last)| (*n, *last))
        .and_then(|(p, _, _)| program.facts(p));
    favourite
        .or_else(|| {
            program
                .weeks
                .iter()
                .find(|w| w.kind == kind)
                .and_then(|w| program.facts(&w.practice))
        })
        .or_else(|| program.practices.iter().find(|p| p.kind == kind))
}

/// What today offers for `week`, and the set-aside note when it is not the week's own.
fn offer<'p>(
    program: &'p Program,
    week: &Week,
    past: &[&SessionOutcome],
) -> (&'p PracticeFacts, Option<SetAside>) {
    let own = program
        .facts(&week.practice)
        .or_else(|| program.practices.first());
    let Some(own) = own else {
        unreachable!("a checked program has at least one practice")
    };
    if week.choose {
        if let Some(p) = best_kind(program, past, None).and_then(|k| practice_for(program, k, past))
        {
            return (p, None);
        }
    }
    let (unhelpful, rated) = unhelpful_recent(week.kind, past);
    if unhelpful < UNHELPFUL_TO_SET_ASIDE {
        return (own, None);
    }
    let fallback = || {
        program
            .weeks
            .iter()
            .map(|w| w.kind)
            .find(|k| *k != week.kind && !is_set_aside(*k, past))
    };
    let alternative = best_kind(program, past, Some(week.kind))
        .or_else(fallback)
        .and_then(|k| practice_for(program, k, past));
    match alternative {
        Some(alt) => (
            alt,
            Some(SetAside {
                kind: week.kind,
                practice: week.practice.clone(),
                unhelpful: unhelpful as u32,
                rated: rated as u32,
            }),
        ),
        // Every other kind is set aside too: nothing better to offer.
        None => (own, None),
    }
}

/// The length to offer for a practice, and a proposal to go longer.
fn length(
    program: &Program,
    facts: &PracticeFacts,
    week: &Week,
    past: &[&SessionOutcome],
) -> (u32, Option<Proposal>) {
    let done: Vec<&&SessionOutcome> = past
        .iter()
        .filter(|s| s.kind == Some(facts.kind) && s.completed && s.minutes > 0)
        .collect();
    let Some(last) = done.last() else {
        return (facts.clamp(week.daily_minutes), None);
    };
    let comfortable = done
        .iter()
        .rev()
        .take_while(|s| s.minutes == last.minutes)
        .filter(|s| s.is_comfortable())
        .count();
    let offered = facts.clamp(last.minutes);
    let cap = program.top_minutes().min(facts.max_minutes);
    let next = LENGTH_STEPS
        .iter()
        .copied()
        .find(|m| *m > offered)
        .unwrap_or(offered)
        .min(cap);
    let proposal = (comfortable >= COMFORTABLE_TO_PROPOSE && next > offered).then_some(Proposal {
        from_minutes: offered,
        to_minutes: next,
        comfortable_sessions: comfortable as u32,
    });
    (offered, proposal)
}

/// On a flare day: the gentlest practice to offer instead of `usual`, with its
/// length. `usual` stays when it fits ([`FLARE_KINDS`], able to run
/// [`FLARE_MAX_MINUTES`] or less); otherwise the person's best-rated breathing
/// or imagery practice, else the program's first practice that fits.
fn flare_offer<'p>(
    program: &'p Program,
    week: &Week,
    usual: &'p PracticeFacts,
    past: &[&SessionOutcome],
) -> (&'p PracticeFacts, u32) {
    let fits =
        |p: &PracticeFacts| FLARE_KINDS.contains(&p.kind) && p.min_minutes <= FLARE_MAX_MINUTES;
    let short = |p: &PracticeFacts| {
        let (m, _) = length(program, p, week, past);
        p.clamp(m.min(FLARE_MAX_MINUTES))
    };
    if fits(usual) {
        return (usual, short(usual));
    }
    let gentle: Vec<&SessionOutcome> = past
        .iter()
        .copied()
        .filter(|s| s.kind.is_some_and(|k| FLARE_KINDS.contains(&k)))
        .collect();
    let chosen = best_kind(program, &gentle, None)
        .and_then(|k| practice_for(program, k, past))
        .filter(|p| fits(p))
        .or_else(|| {
            program
                .weeks
                .iter()
                .filter_map(|w| program.facts(&w.practice))
                .find(|p| fits(p))
        })
        .or_else(|| program.practices.iter().find(|p| fits(p)));
    match chosen {
        Some(p) => (p, short(p)),
        // No gentle practice in the library: the usual one, as short as it goes.
        None => (usual, usual.clamp(FLARE_MAX_MINUTES)),
    }
}

/// The week's questionnaires (other than the PEG) not answered recently.
fn questionnaires_due(week: &Week, history: &ProgramHistory, today: Date) -> Vec<String> {
    week.questionnaires
        .iter()
        .filter(|id| {
            !history.answered.iter().any(|(i, d)| {
                i == *id && (0..QUESTIONNAIRE_EVERY_DAYS).contains(&days_between(*d, today))
            })
        })
        .cloned()
        .collect()
}

/// What the program offers on `today` (a local calendar day), given what the person did.
///
/// Sessions and PEG answers dated after `today` are ignored, so any past day
/// can be planned from a complete journal.
pub fn plan(program: &Program, history: &ProgramHistory, today: Date) -> Today {
    let mut past: Vec<&SessionOutcome> = history
        .sessions
        .iter()
        .filter(|s| s.date <= today)
        .collect();
    past.sort_by_key(|s| s.date);
    let pos = locate(program, history, &past, today);
    let week = &program.weeks[pos.index.min(program.weeks.len() - 1)];
    let (usual, usual_set_aside) = offer(program, week, &past);
    let mut flare = flare_on(&history.pain, today);
    let (facts, minutes, proposal, set_aside) = match flare.as_mut() {
        Some(f) => {
            let (gentle, minutes) = flare_offer(program, week, usual, &past);
            if gentle.id != usual.id {
                f.instead_of = Some(usual.title.clone());
            }
            (gentle, minutes, None, None)
        }
        None => {
            let (minutes, proposal) = length(program, usual, week, &past);
            (usual, minutes, proposal, usual_set_aside)
        }
    };
    let short_minutes = week
        .short_minutes
        .filter(|s| flare.is_none() && facts.id == week.practice && *s < minutes);
    let peg_due = week.peg
        && !history.peg_dates.iter().any(|d| {
            let ago = days_between(*d, today);
            (0..PEG_EVERY_DAYS).contains(&ago)
        });
    let practised_today = past.iter().any(|s| s.date == today && practised(s));
    let mut plan = Today {
        current_week: week.week,
        week_day: pos.week_day,
        repeat: pos.repeat,
        complete: pos.complete,
        title: week.title.clone(),
        intro: week.intro.clone(),
        lesson: week.lesson.clone(),
        also_read: week.also_read.clone(),
        kind: facts.kind,
        practice: facts.id.clone(),
        practice_title: facts.title.clone(),
        minutes,
        short_minutes,
        proposal,
        set_aside,
        peg_due,
        questionnaires_due: questionnaires_due(week, history, today),
        flare,
        practised_today,
        message: None,
    };
    plan.message = voice::message(&plan);
    plan
}
