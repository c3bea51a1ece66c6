//! `backcalm delete-everything`: every record in the journal, gone for good,
//! after saying what will go and asking the person to type "delete".

use super::{print_text, Globals};
use crate::args::DeleteEverythingArgs;
use crate::clock::{local_tz, today};
use crate::prompt;
use anyhow::bail;
use backcalm_store::{AnswerFilter, DayRange, Store, StoreError};

/// What the journal holds, counted before anything is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Holdings {
    checkins: usize,
    sessions: usize,
    answers: usize,
    screens: usize,
    reminders: usize,
}

impl Holdings {
    async fn count(store: &Store) -> Result<Holdings, StoreError> {
        Ok(Holdings {
            checkins: store.checkins(&DayRange::all()).await?.len(),
            sessions: store.sessions(&DayRange::all()).await?.len(),
            answers: store
                .questionnaire_answers(&AnswerFilter::default())
                .await?
                .len(),
            screens: store.screens().await?.len(),
            reminders: store.reminders().await?.len(),
        })
    }

    /// "12 check-ins, 5 sessions, 2 questionnaire answers, 1 safety screen and 1 reminder".
    fn words(&self) -> String {
        let n =
            |v: usize, one: &str, many: &str| format!("{v} {}", if v == 1 { one } else { many });
        format!(
            "{}, {}, {}, {} and {}",
            n(self.checkins, "check-in", "check-ins"),
            n(self.sessions, "practice session", "practice sessions"),
            n(
                self.answers,
                "questionnaire answer",
                "questionnaire answers"
            ),
            n(self.screens, "safety screen", "safety screens"),
            n(self.reminders, "reminder", "reminders"),
        )
    }
}

/// `delete-everything`
pub fn delete_everything(g: &Globals, a: &DeleteEverythingArgs) -> anyhow::Result<()> {
    let journal = g.journal()?;
    let tz = local_tz()?;
    let rt = crate::journal::runtime()?;
    let Some(store) = rt.block_on(journal.open_for_reading())? else {
        return print_text("There is nothing to delete: there is no journal yet.\n");
    };
    let result = rt.block_on(async {
        let holdings = Holdings::count(&store).await?;
        if !a.yes {
            let mut p = prompt::terminal();
            p.say(&format!(
                "This deletes, for good: {}, and your settings.\n\
                 To keep a copy first, run: backcalm export --format json -o backcalm-export-{}.json\n",
                holdings.words(),
                today(&tz)
            ))?;
            let typed = p.line("Type delete to delete everything, or anything else to stop: ")?;
            if typed.as_deref() != Some("delete") {
                bail!("nothing was deleted");
            }
        }
        anyhow::Ok(store.delete_everything().await?)
    });
    rt.block_on(store.close());
    let deleted = result?;
    print_text(&format!(
        "Deleted {}, and your settings. The journal is empty.\n",
        Holdings {
            checkins: deleted.checkins as usize,
            sessions: deleted.sessions as usize,
            answers: deleted.answers as usize,
            screens: deleted.screens as usize,
            reminders: deleted.reminders as usize,
        }
        .words()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holdings_read_as_one_list() {
        let h = Holdings {
            checkins: 12,
            sessions: 1,
            answers: 0,
            screens: 1,
            reminders: 2,
        };
        assert_eq!(
            h.words(),
            "12 check-ins, 1 practice session, 0 questionnaire answers, 1 safety screen and 2 reminders"
        );
    }
}
