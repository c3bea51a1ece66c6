//! `backcalm insights` for people: the trend in plain words, practice, the
//! before → after change per technique, and sleep and stress against
//! next-day pain, with what to log where there is not enough data yet.

use super::wrap;
use backcalm_core::insights::technique::MIN_SESSIONS;
use backcalm_core::insights::words::{
    association_words, change_words, effect_words, number, ranking_words, signed,
};
use backcalm_core::insights::{
    Association, Baseline, ChangeLabel, DayRow, Effect, Insights, Measure, Topic,
};
use backcalm_core::Kind;
use jiff::civil::Date;
use jiff::Span;

/// Days the sparkline covers.
pub const SPARK_DAYS: i64 = 28;

/// Sessions with both ratings, per kind: `(pain pairs, stress pairs)`.
pub type RatedCount<'a> = &'a dyn Fn(Kind) -> (usize, usize);

/// The whole summary, wrapped to `width` characters.
pub fn summary(i: &Insights, rated: RatedCount<'_>, show_streak: bool, width: usize) -> String {
    let mut out = Text::new(width);
    out.line(&format!(
        "Insights up to {}",
        i.today.strftime("%A %-d %B %Y")
    ));
    out.blank();

    out.heading("Pain trend");
    match &i.baseline {
        Some(b) => baseline(&mut out, b),
        None => {
            for n in needs(i, Topic::Baseline) {
                out.para(&n);
            }
        }
    }
    match sparkline(&i.days) {
        Some(spark) => {
            out.para("7-day mean pain, one mark a day on a 0-10 scale (· = no mean):");
            out.line(&format!("  {spark}"));
        }
        None if i.days.is_empty() => {
            out.para("No check-ins yet. Log how your back feels with:");
            out.line("  backcalm log --pain 4");
        }
        None => {}
    }
    out.blank();

    out.heading("Practice");
    out.para(&format!(
        "You practised on {} of the last 7 days and {} of the last 30.",
        i.days_practised_7, i.days_practised_30
    ));
    if let Some(w) = i.weeks.last() {
        let goal = match w.goal_minutes {
            Some(g) => format!(" of your {g}-minute goal"),
            None => String::new(),
        };
        out.para(&format!(
            "This week so far: {} minutes{goal}. Any practice counts.",
            number(w.minutes, 0)
        ));
    }
    if show_streak {
        let days = if i.streak_days == 1 { "day" } else { "days" };
        out.para(&format!("{} {days} in a row.", i.streak_days));
    }
    out.blank();

    out.heading("Before and after each kind of practice");
    if i.techniques.is_empty() {
        out.para("No practice sessions yet. Try a short one with:");
        out.line("  backcalm practice play paced-breathing --minutes 2");
    } else {
        out.para("Mean change from before to after a session, with its 95% interval; below 0 means lower afterwards.");
        for t in &i.techniques {
            let (pain_n, stress_n) = rated(t.kind);
            let sessions = if t.n == 1 { "session" } else { "sessions" };
            out.item(&format!("{} ({} {sessions}):", t.kind.label(), t.n));
            out.sub(&format!("pain {}", effect(t.pain, pain_n)));
            out.sub(&format!("stress {}", effect(t.stress, stress_n)));
        }
        for r in &i.rankings {
            out.para(&ranking_words(r));
        }
        out.para("These are associations, not proof: pain often eases a little after any rest, and expecting to feel better plays a part too.");
    }
    out.blank();

    out.heading("Sleep, stress and next-day pain (association, not cause)");
    for a in [&i.associations.sleep, &i.associations.stress]
        .into_iter()
        .flatten()
    {
        out.item(&association(a));
    }
    for n in needs(i, Topic::Association) {
        out.item(&n);
    }
    out.para("A bad night and a painful next day can both follow from a third thing: this shows what went together, not what caused what.");
    out.finish()
}

fn needs(i: &Insights, topic: Topic) -> Vec<String> {
    i.needs
        .iter()
        .filter(|n| n.topic == topic)
        .map(|n| n.message.clone())
        .collect()
}

fn baseline(out: &mut Text, b: &Baseline) {
    let direction = if b.percent_change < 0.0 {
        "lower"
    } else {
        "higher"
    };
    out.para(&format!(
        "Your average pain in the last 7 days is {}, against {} in your first days ({} to {}): {}% {direction}.",
        number(b.current, 1),
        number(b.pain, 1),
        b.baseline_from,
        b.baseline_to,
        number(b.percent_change.abs(), 0),
    ));
    out.para(&label_words(b.label));
}

/// The IMMPACT label in core's words (as the /insights page says it), with
/// the command for the warning-signs check when pain is higher.
pub fn label_words(label: ChangeLabel) -> String {
    let (heading, meaning) = change_words(label);
    let mut words = format!("{heading}. {meaning}");
    if label == ChangeLabel::Worse {
        words.push_str(" The check: backcalm screen");
    }
    words
}

/// "−1.25 (−1.80 to −0.70), 8 rated sessions" or the data still needed.
fn effect(e: Option<Effect>, rated: usize) -> String {
    match e {
        Some(e) => format!("{}, {} rated sessions", effect_words(&e), e.n),
        None => format!(
            "not enough data yet ({} of {MIN_SESSIONS}): rate it before and after a session",
            rated.min(MIN_SESSIONS)
        ),
    }
}

/// Core's words for the link, after its name, with the number behind them.
fn association(a: &Association) -> String {
    let name = match a.measure {
        Measure::Sleep => "Sleep",
        Measure::Stress => "Stress",
    };
    format!(
        "{name}: {} Rank correlation {}.",
        association_words(a),
        signed(a.rho, 2)
    )
}

/// The 7-day mean over the [`SPARK_DAYS`] days ending on the latest check-in's
/// day, one mark a day on a fixed 0-10 scale; `None` when no day has a mean.
pub fn sparkline(days: &[DayRow]) -> Option<String> {
    const MARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let end = days.last()?.date;
    let start = end.saturating_sub(Span::new().days(SPARK_DAYS - 1));
    let mut marks = String::new();
    let mut latest = None;
    let mut day: Date = start;
    while day <= end {
        let mean = days.iter().find(|d| d.date == day).and_then(|d| d.rolling7);
        marks.push(match mean {
            Some(m) => {
                latest = Some(m);
                let step = (m.clamp(0.0, 10.0) / 10.0 * 7.0).round() as usize;
                MARKS[step.min(7)]
            }
            None => '·',
        });
        day = day.saturating_add(Span::new().days(1));
    }
    let latest = latest?;
    Some(format!(
        "{marks}  {} on {end} (from {start})",
        number(latest, 1)
    ))
}

/// Paragraphs, headings and list items, wrapped.
struct Text {
    out: String,
    width: usize,
}

impl Text {
    fn new(width: usize) -> Text {
        Text {
            out: String::new(),
            width: width.max(30),
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn heading(&mut self, s: &str) {
        self.line(s);
        self.line(&"-".repeat(s.chars().count().min(self.width)));
    }

    fn indented(&mut self, first: &str, rest: &str, s: &str) {
        let room = self.width.saturating_sub(first.chars().count()).max(20);
        for (n, l) in wrap(s, room).iter().enumerate() {
            self.out.push_str(if n == 0 { first } else { rest });
            self.out.push_str(l);
            self.out.push('\n');
        }
    }

    fn para(&mut self, s: &str) {
        self.indented("", "", s);
    }

    fn item(&mut self, s: &str) {
        self.indented("- ", "  ", s);
    }

    fn sub(&mut self, s: &str) {
        self.indented("    ", "    ", s);
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::insights::insights;
    use backcalm_core::{CheckIn, CheckInDraft, Defaults, TzName};
    use jiff::civil::date;
    use uuid::Uuid;

    fn checkin(day: Date, pain: i64, n: u128) -> CheckIn {
        let tz = TzName::new("Europe/London").expect("zone");
        CheckInDraft {
            pain: Some(pain),
            recorded_at: Some(format!("{day}T12:00:00Z")),
            ..Default::default()
        }
        .validate(&Defaults {
            now: "2027-01-01T00:00:00Z".parse().expect("instant"),
            tz,
            new_id: Uuid::from_u128(n),
        })
        .expect("valid")
    }

    fn journal(days: &[(Date, i64)]) -> Vec<CheckIn> {
        days.iter()
            .enumerate()
            .map(|(n, (d, p))| checkin(*d, *p, n as u128 + 1))
            .collect()
    }

    #[test]
    fn a_thin_journal_says_what_to_log() {
        let tz = TzName::new("Europe/London").expect("zone");
        let c = journal(&[(date(2026, 3, 1), 6)]);
        let i = insights(&c, &[], |_| None, date(2026, 3, 1), &tz, Some(30));
        let t = summary(&i, &|_| (0, 0), false, 80);
        assert!(t.contains("to see a trend"), "{t}");
        assert!(t.contains("association, not cause"), "{t}");
        assert!(t.contains("No practice sessions yet"), "{t}");
        assert!(
            t.contains("This week so far: 0 minutes of your 30-minute goal"),
            "{t}"
        );
        assert!(!t.contains("in a row"), "streaks are opt-in: {t}");
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
    }

    #[test]
    fn a_meaningful_drop_is_named_in_plain_words() {
        let tz = TzName::new("Europe/London").expect("zone");
        // Seven baseline days at 6, then a week at 4: 33% lower.
        let mut days: Vec<(Date, i64)> = (1..=7).map(|d| (date(2026, 3, d), 6)).collect();
        days.extend((8..=14).map(|d| (date(2026, 3, d), 4)));
        let c = journal(&days);
        let i = insights(&c, &[], |_| None, date(2026, 3, 14), &tz, None);
        let t = summary(&i, &|_| (0, 0), true, 100).replace('\n', " ");
        assert!(
            t.contains("Your average pain in the last 7 days is 4.0, against 6.0 in your first days (2026-03-01 to 2026-03-07): 33% lower."),
            "{t}"
        );
        assert!(t.contains("A meaningful change"), "{t}");
        assert!(t.contains("0 days in a row."), "{t}");
    }

    #[test]
    fn the_sparkline_marks_gaps_and_scales_0_to_10() {
        let rows = |v: &[(Date, Option<f64>)]| -> Vec<DayRow> {
            v.iter()
                .map(|(d, r)| DayRow {
                    date: *d,
                    pain_mean: 5.0,
                    n: 1,
                    rolling7: *r,
                })
                .collect()
        };
        let spark = sparkline(&rows(&[
            (date(2026, 3, 1), None),
            (date(2026, 3, 2), Some(0.0)),
            (date(2026, 3, 4), Some(10.0)),
        ]))
        .expect("a mean");
        let marks: String = spark.chars().take(28).collect();
        assert!(marks.ends_with("▁·█"), "{spark}");
        assert_eq!(marks.chars().filter(|c| *c == '·').count(), 26, "{spark}");
        assert!(
            spark.ends_with("10.0 on 2026-03-04 (from 2026-02-05)"),
            "{spark}"
        );
        assert_eq!(sparkline(&rows(&[(date(2026, 3, 1), None)])), None);
        assert_eq!(sparkline(&[]), None);
    }

    #[test]
    fn higher_pain_reads_as_on_the_web_page_with_the_command() {
        assert_eq!(
            label_words(ChangeLabel::Worse),
            "Higher than at the start. Your average pain is at least 10% higher than at the start. If it has risen sharply, or anything new worries you, take the warning-signs check and talk to a doctor. The check: backcalm screen"
        );
        assert_eq!(
            label_words(ChangeLabel::Meaningful),
            "A meaningful change. A drop of 30% or more is the size most people notice as a real improvement; researchers call it meaningful."
        );
    }
}
