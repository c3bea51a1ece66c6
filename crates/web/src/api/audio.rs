//! `GET /api/v1/practices/{id}/audio`: a whole session as one MP3 file, for
//! listening with the screen off. A locked phone stops the page's timers, so
//! bells scheduled from JavaScript come late or never; an `<audio>` element
//! playing one file keeps going.
//!
//! Takes the options of `GET /api/v1/practices/{id}` plus `voice=on|off`
//! (on by default: the words are spoken when espeak-ng is on the server's
//! `PATH`; the `Backcalm-Voice` header says whether they were). Files are
//! made on a blocking thread, kept in a small cache, and served with `Range`
//! support so a player can seek.

mod byte_range;
mod cache;

pub(crate) use cache::AudioCache;

use super::{query_pairs, Pairs};
use crate::choice::{compile_choice, PARAMS};
use crate::param::BadParam;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use backcalm_audio::{render_mp3, AudioError, Espeak, Voice, SCREEN_OFF_KBPS};
use byte_range::{wanted, Wanted};
use cache::{Key, Mp3File};
use std::sync::Arc;

/// Says whether the words are spoken in the file: `espeak-ng`, or `none` (bells only).
pub const VOICE_HEADER: HeaderName = HeaderName::from_static("backcalm-voice");

/// Kept a day by the browser and the service worker; the tag tells a changed file.
const CACHE_CONTROL: &str = "private, max-age=86400";

/// The whole session as one MP3.
#[utoipa::path(
    get,
    path = "/api/v1/practices/{id}/audio",
    tag = "practices",
    operation_id = "practiceAudio",
    summary = "The whole session as one MP3 file, for screen-off listening",
    description = "Bells, and the spoken prompts when espeak-ng is on the server's PATH, \
        as one constant-bitrate MP3 (mono, 24 kHz, 48 kbps: 6 kB a second). Takes the \
        options of GET /api/v1/practices/{id} plus voice. Supports a single byte Range \
        (206 with Content-Range; 416 outside the file) and If-None-Match.",
    params(
        ("id" = String, Path, description = "Practice id, e.g. body-scan"),
        crate::openapi::PracticeOptions,
        ("voice" = Option<String>, Query, description = "on (default) or off: speak the prompts, when the server can"),
        ("Range" = Option<String>, Header, description = "One byte range: bytes=a-b, bytes=a- or bytes=-n"),
    ),
    responses(
        (status = 200, description = "The whole file", content_type = "audio/mpeg", body = crate::openapi::Mp3Doc,
            headers(
                ("Accept-Ranges" = String, description = "bytes"),
                ("ETag" = String, description = "Changes when the file does"),
                ("Backcalm-Voice" = String, description = "espeak-ng, or none when the file has bells only"),
            )),
        (status = 206, description = "The bytes asked for", content_type = "audio/mpeg", body = crate::openapi::Mp3Doc,
            headers(("Content-Range" = String, description = "bytes a-b/length"))),
        (status = 304, description = "Unchanged since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter could not be read", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 416, description = "The range lies outside the file", body = crate::problem::Problem, content_type = "application/problem+json",
            headers(("Content-Range" = String, description = "bytes */length"))),
        (status = 422, description = "A value is not acceptable (e.g. an open-ended length)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn file(
    State(state): State<AppState>,
    Extension(cache): Extension<AudioCache>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let mut pairs = query_pairs(q)?;
    let voice = take_voice(&mut pairs)?;
    let Some(p) = state.library.get(&id) else {
        return Err(Problem::not_found(format!(
            "there is no practice {id:?}; choose one of {}",
            state.library.ids()
        ))
        .with_field("id"));
    };
    let timeline = compile_choice(p, &pairs).map_err(|mut b| {
        if b.message.starts_with("is not a practice option") {
            b.message = format!("is not a practice option; use {PARAMS}, voice");
        }
        Problem::from(b)
    })?;
    if timeline.open_ended {
        return Err(Problem::invalid(
            "minutes",
            "minutes: an open-ended session has no end, so it cannot be one file; choose a length in minutes",
        ));
    }
    let name = format!(
        "{}-{}-min.mp3",
        timeline.id,
        timeline
            .minutes
            .unwrap_or((timeline.total_ms / 60_000) as u32)
    );
    let file = made(&cache, Key { timeline, voice }).await?;
    Ok(answer(&file, &headers, &name))
}

/// Takes `voice` out of the query: on unless it says off.
fn take_voice(pairs: &mut Pairs) -> Result<bool, Problem> {
    let mut voice = true;
    for (_, v) in pairs.iter().filter(|(k, _)| k == "voice") {
        voice = match v.trim() {
            "on" | "" => true,
            "off" => false,
            other => {
                return Err(BadParam::refused(
                    "voice",
                    format!("{other:?} is not a voice setting; use on or off"),
                )
                .into())
            }
        };
    }
    pairs.retain(|(k, _)| k != "voice");
    Ok(voice)
}

/// The file for `key`, from the cache or made now.
async fn made(cache: &AudioCache, key: Key) -> Result<Arc<Mp3File>, Problem> {
    let (key, cell) = cache.cell(key);
    if let Some(f) = cell.get() {
        return Ok(f.clone());
    }
    let renders = cache.renders();
    // Spawned, so a file is finished and kept even when the person who asked has gone.
    let job = tokio::spawn(async move {
        cell.get_or_try_init(|| async move {
            let _turn = renders
                .acquire_owned()
                .await
                .map_err(|_| Problem::internal())?;
            match tokio::task::spawn_blocking(move || render(&key)).await {
                Ok(done) => done.map(Arc::new),
                Err(e) => {
                    tracing::error!("making an audio file stopped: {e}");
                    Err(Problem::internal())
                }
            }
        })
        .await
        .cloned()
    });
    job.await.unwrap_or_else(|e| {
        tracing::error!("making an audio file stopped: {e}");
        Err(Problem::internal())
    })
}

/// Renders on this (blocking) thread; a voice that fails leaves a file with bells only.
fn render(key: &Key) -> Result<Mp3File, Problem> {
    let mut espeak = if key.voice { Espeak::find() } else { None };
    let voice = espeak.as_mut().map(|e| e as &mut dyn Voice);
    match render_mp3(&key.timeline, voice, SCREEN_OFF_KBPS) {
        Ok((bytes, report)) => Ok(Mp3File::new(bytes, !report.captions_only)),
        Err(
            e @ (AudioError::VoiceStart { .. }
            | AudioError::VoiceFailed { .. }
            | AudioError::VoiceOutput(_)),
        ) => {
            tracing::warn!("{e}; making the audio file with bells only");
            let (bytes, _) = render_mp3(&key.timeline, None, SCREEN_OFF_KBPS).map_err(failed)?;
            Ok(Mp3File::new(bytes, false))
        }
        Err(e) => Err(failed(e)),
    }
}

fn failed(e: AudioError) -> Problem {
    tracing::error!("could not make an audio file: {e}");
    Problem::internal()
}

/// Whether an `If-None-Match` or `If-Range` list names `etag` (weak tags match too).
fn names_tag(list: Option<&HeaderValue>, etag: &str) -> bool {
    list.and_then(|v| v.to_str().ok()).is_some_and(|l| {
        l.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    })
}

/// The file, whole or the range asked for, with its headers.
fn answer(f: &Mp3File, req: &HeaderMap, name: &str) -> Response {
    let len = f.bytes.len();
    let mut h = HeaderMap::new();
    let mut set = |k: HeaderName, v: &str| {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(k, v);
        }
    };
    set(header::ETAG, &f.etag);
    set(header::CACHE_CONTROL, CACHE_CONTROL);
    set(header::ACCEPT_RANGES, "bytes");
    set(header::CONTENT_TYPE, "audio/mpeg");
    set(
        header::CONTENT_DISPOSITION,
        &format!("inline; filename=\"{name}\""),
    );
    set(VOICE_HEADER, if f.voiced { "espeak-ng" } else { "none" });
    if names_tag(req.get(header::IF_NONE_MATCH), &f.etag) {
        h.remove(header::CONTENT_TYPE);
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    // A range of an older file is no use: If-Range with another tag (or a date) asks for the whole.
    let range = match req.get(header::IF_RANGE) {
        Some(tag) if !names_tag(Some(tag), &f.etag) => None,
        _ => req.get(header::RANGE).and_then(|v| v.to_str().ok()),
    };
    match wanted(range, len) {
        Wanted::Whole => (StatusCode::OK, h, f.bytes.clone()).into_response(),
        Wanted::Part(r) => {
            set(
                header::CONTENT_RANGE,
                &format!("bytes {}-{}/{len}", r.start, r.end - 1),
            );
            (StatusCode::PARTIAL_CONTENT, h, f.bytes.slice(r)).into_response()
        }
        Wanted::Unsatisfiable => {
            let problem = Problem {
                kind: "urn:backcalm:problem:range-not-satisfiable",
                title: "Range not satisfiable",
                status: StatusCode::RANGE_NOT_SATISFIABLE.as_u16(),
                detail: format!(
                    "the range {:?} lies outside the file of {len} bytes; ask for bytes from 0 to {}",
                    range.unwrap_or(""),
                    len.saturating_sub(1)
                ),
                field: None,
            };
            let mut res = problem.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Pairs {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn voice_is_on_unless_off_and_is_taken_out_of_the_options() {
        let mut p = pairs(&[("minutes", "5"), ("voice", "off")]);
        assert_eq!(take_voice(&mut p), Ok(false));
        assert_eq!(p, pairs(&[("minutes", "5")]));
        assert_eq!(take_voice(&mut pairs(&[])), Ok(true));
        assert_eq!(take_voice(&mut pairs(&[("voice", "on")])), Ok(true));
        let e = take_voice(&mut pairs(&[("voice", "loud")])).expect_err("refused");
        assert_eq!((e.status, e.field.as_deref()), (422, Some("voice")));
    }

    #[test]
    fn tags_match_in_lists_weakly_and_by_star() {
        let tag = "\"mp3-1\"";
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert!(names_tag(Some(&v("\"mp3-1\"")), tag));
        assert!(names_tag(Some(&v("\"x\", W/\"mp3-1\"")), tag));
        assert!(names_tag(Some(&v("*")), tag));
        assert!(!names_tag(Some(&v("\"mp3-2\"")), tag));
        assert!(!names_tag(None, tag));
    }
}
