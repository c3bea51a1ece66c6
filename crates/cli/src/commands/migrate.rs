//! `backcalm migrate`: bring the journal's schema up to date and exit, so a
//! deploy script can migrate once before it starts (or restarts) its servers.
//! `serve` migrates on start too; this makes the step explicit and reports it.

use super::{print_text, Globals};
use backcalm_store::Schema;

/// `migrate`
pub fn migrate(g: &Globals) -> anyhow::Result<()> {
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let schema = rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let schema = store.schema().clone();
        store.close().await;
        anyhow::Ok(schema)
    })?;
    print_text(&describe(&schema))
}

/// One or two lines on what happened, for a person or a deploy log.
fn describe(schema: &Schema) -> String {
    let mut text = match schema.before {
        None => format!(
            "Created the journal's tables (schema version {}).\n",
            schema.now
        ),
        Some(v) if v == schema.now => {
            format!("The journal is up to date (schema version {v}); nothing to do.\n")
        }
        Some(v) => format!(
            "Brought the journal from schema version {v} to {}.\n",
            schema.now
        ),
    };
    if let Some(copy) = schema
        .copy
        .as_ref()
        .filter(|_| schema.before != Some(schema.now))
    {
        text.push_str(&format!(
            "A copy of it from before is kept at {}.\n",
            copy.display()
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn says_what_changed_and_where_the_copy_is() {
        let schema = |before, copy: Option<&str>| Schema {
            before,
            now: 9,
            copy: copy.map(PathBuf::from),
        };
        assert_eq!(
            describe(&schema(None, None)),
            "Created the journal's tables (schema version 9).\n"
        );
        assert_eq!(
            describe(&schema(Some(9), None)),
            "The journal is up to date (schema version 9); nothing to do.\n"
        );
        assert_eq!(
            describe(&schema(
                Some(7),
                Some("/j/backcalm.sqlite3.before-0008.bak")
            )),
            "Brought the journal from schema version 7 to 9.\n\
             A copy of it from before is kept at /j/backcalm.sqlite3.before-0008.bak.\n"
        );
    }
}
