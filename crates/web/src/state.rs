//! What every handler shares: the journal, the practices, the clock and the ids.

use crate::host::PublicOrigin;
use crate::hosted::{Hosted, HostedConfig};
use backcalm_core::{Defaults, Library, TzName};
use backcalm_store::Store;
use jiff::Timestamp;
use std::fmt;
use std::sync::Arc;
use uuid::Uuid;

/// The edge's clock. The CLI passes the real one; tests pass a fixed instant.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// Where fresh ids come from (randomness is a parameter, like time).
pub type IdSource = Arc<dyn Fn() -> Uuid + Send + Sync>;

/// The shared state of the web app; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) library: Arc<Library>,
    clock: Clock,
    tz: TzName,
    ids: IdSource,
    /// Local mode's anti-forgery token for forms, fixed for the life of the process.
    csrf: Arc<str>,
    /// Where a reverse proxy in front of this server is reached, if it has one.
    public_origin: Option<PublicOrigin>,
    /// Hosted mode's accounts and settings; `None` in local mode.
    pub(crate) hosted: Option<Arc<Hosted>>,
}

impl AppState {
    /// Builds the state. `tz` is the zone used when a record names none.
    pub fn new(store: Store, library: Library, tz: TzName, clock: Clock, ids: IdSource) -> Self {
        let csrf: Arc<str> = Arc::from(ids().simple().to_string());
        AppState {
            store,
            library: Arc::new(library),
            clock,
            tz,
            ids,
            csrf,
            public_origin: None,
            hosted: None,
        }
    }

    /// Hosted mode: people sign in, and each has a journal of their own.
    ///
    /// The store given to [`AppState::new`] becomes the server's, for
    /// accounts and sessions; a handler reaches a person's journal only
    /// through `crate::access::Journal`. What is left in `store` is the
    /// journal of the nil id, which no account has: a handler that forgot
    /// `Journal` reads and writes there, never another person's records.
    pub fn with_accounts(mut self, config: HostedConfig) -> Self {
        let accounts = self.store.server_wide();
        self.store = accounts.for_person(Uuid::nil());
        self.hosted = Some(Arc::new(Hosted::new(config, accounts)));
        self
    }

    /// Hosted mode: also sends reminders by Web Push to the devices that
    /// turn it on (`crate::push`), with the server's key pair from the
    /// database, made there on the first start. Does nothing in local mode.
    pub async fn with_push(
        mut self,
        config: crate::push::PushConfig,
    ) -> Result<Self, crate::push::PushError> {
        let Some(hosted) = self.hosted.as_deref() else {
            return Ok(self);
        };
        let push = crate::push::Push::start(&hosted.accounts, config, self.now()).await?;
        let mut hosted = hosted.clone();
        hosted.push = Some(Arc::new(push));
        self.hosted = Some(Arc::new(hosted));
        Ok(self)
    }

    /// Hosted mode's part, if the server runs in it.
    pub(crate) fn hosted(&self) -> Option<&Hosted> {
        self.hosted.as_deref()
    }

    /// The same state acting for one account (its journal).
    pub(crate) fn for_person(&self, person: Uuid) -> AppState {
        let mut state = self.clone();
        if let Some(h) = &self.hosted {
            state.store = h.accounts.for_person(person);
        }
        state
    }

    /// Also answers requests addressed to `origin`, the name a reverse proxy
    /// in front of this server is reached by, and counts it as this site.
    pub fn with_public_origin(mut self, origin: PublicOrigin) -> Self {
        self.public_origin = Some(origin);
        self
    }

    /// The public origin, if the server has one.
    pub(crate) fn public_origin(&self) -> Option<&PublicOrigin> {
        self.public_origin.as_ref()
    }

    /// Now, as the injected clock says, at the precision records keep
    /// ([`backcalm_core::time::at_precision`]).
    pub(crate) fn now(&self) -> Timestamp {
        backcalm_core::time::at_precision((self.clock)())
    }

    /// The zone for records that name none.
    pub(crate) fn tz(&self) -> &TzName {
        &self.tz
    }

    /// Today's local date in the app's zone, as the injected clock says.
    pub(crate) fn today(&self) -> jiff::civil::Date {
        backcalm_app::today(self.now(), &self.tz)
    }

    /// Reads the person's whole journal once, for a page or an answer.
    pub(crate) async fn snapshot(
        &self,
    ) -> Result<backcalm_app::Snapshot, backcalm_store::StoreError> {
        backcalm_app::Snapshot::load(&self.store).await
    }

    /// Every insight for today, with the person's weekly goal.
    pub(crate) fn insights(
        &self,
        snapshot: &backcalm_app::Snapshot,
    ) -> backcalm_core::insights::Insights {
        backcalm_app::insights(snapshot, &self.library, self.today(), &self.tz)
    }

    /// The program as of today; `None` only if the shipped program does not load.
    pub(crate) fn program_now(
        &self,
        snapshot: &backcalm_app::Snapshot,
    ) -> Option<backcalm_app::ProgramNow> {
        let shipped = backcalm_app::shipped().ok()?;
        Some(backcalm_app::program_now(
            &shipped.program,
            snapshot,
            &self.library,
            self.today(),
        ))
    }

    /// The defaults a draft is validated against: now, the default zone, a fresh id.
    pub(crate) fn defaults(&self) -> Defaults {
        Defaults {
            now: self.now(),
            tz: self.tz.clone(),
            new_id: (self.ids)(),
        }
    }

    /// A fresh id.
    pub(crate) fn new_id(&self) -> Uuid {
        (self.ids)()
    }

    /// The form token for the page being answered: in hosted mode each
    /// browser's own (see `admission::FormTokens`), in local mode the
    /// process's.
    pub(crate) fn csrf(&self) -> String {
        crate::admission::request_token().unwrap_or_else(|| self.csrf.to_string())
    }

    /// Where the form guard finds each request's token.
    pub(crate) fn form_tokens(&self) -> crate::admission::FormTokens {
        match self.hosted {
            Some(_) => crate::admission::FormTokens::PerBrowser {
                secure: self.public_origin().is_some_and(|o| o.is_https()),
            },
            None => crate::admission::FormTokens::Process(Arc::clone(&self.csrf)),
        }
    }

    /// Whether a practice id is in the library.
    pub(crate) fn knows_practice(&self, id: &str) -> bool {
        self.library.get(id).is_some()
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("practices", &self.library.practices().len())
            .field("tz", &self.tz)
            .field("hosted", &self.hosted.is_some())
            .field("csrf", &"[redacted]")
            .finish_non_exhaustive()
    }
}
