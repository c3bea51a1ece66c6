//! Static text files as brotli at quality 11, compressed on their first
//! request and kept for the life of the process.
//!
//! On-the-fly compression (tower-http) uses quality 4, which is right for
//! pages made per request; a file that never changes is worth brotli's best
//! once: the player page's scripts are about a sixth smaller on the wire.

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use include_dir::File;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Brotli's best quality.
const BEST: i32 = 11;

/// Compressed files by their path under `static/`.
fn cache() -> &'static Mutex<HashMap<&'static Path, Bytes>> {
    static CACHE: OnceLock<Mutex<HashMap<&'static Path, Bytes>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// Whether a file of this content type shrinks when compressed (text, not PNG).
pub(super) fn worth_packing(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("image/svg")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/manifest+json")
}

/// Whether `Accept-Encoding` takes brotli: `br` listed without `q=0`.
pub(super) fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            coding.eq_ignore_ascii_case("br") && q > 0.0
        })
}

/// `file` as brotli, from the cache or compressed now (off the async
/// threads). `None` if compressing failed: the caller then sends the file as
/// it is and the compression layer does its usual work.
pub(super) async fn brotli(file: &'static File<'static>) -> Option<Bytes> {
    let key = file.path();
    if let Some(bytes) = cache().lock().ok()?.get(key) {
        return Some(bytes.clone());
    }
    let contents = file.contents();
    let bytes = tokio::task::spawn_blocking(move || compress(contents))
        .await
        .ok()??;
    cache().lock().ok()?.insert(key, bytes.clone());
    Some(bytes)
}

fn compress(bytes: &[u8]) -> Option<Bytes> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BEST,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn asking(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(v).expect("ascii"),
            );
        }
        h
    }

    #[test]
    fn brotli_is_taken_unless_refused_or_absent() {
        assert!(accepts_brotli(&asking(&["gzip, deflate, br, zstd"])));
        assert!(accepts_brotli(&asking(&["gzip", "BR;q=0.5"])));
        assert!(!accepts_brotli(&asking(&["gzip, deflate"])));
        assert!(!accepts_brotli(&asking(&["br;q=0, gzip"])));
        assert!(!accepts_brotli(&asking(&["brotli"])));
        assert!(!accepts_brotli(&asking(&[])));
    }

    #[test]
    fn text_is_packed_and_pictures_are_not() {
        assert!(worth_packing("text/javascript; charset=utf-8"));
        assert!(worth_packing("image/svg+xml"));
        assert!(worth_packing("application/manifest+json"));
        assert!(!worth_packing("image/png"));
        assert!(!worth_packing("application/octet-stream"));
    }

    #[test]
    fn a_packed_file_unpacks_to_itself_and_is_smaller_than_quick_brotli() {
        let text = include_bytes!("../../static/player/engine.js");
        let best = compress(text).expect("compressed");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &best[..], &mut back).expect("valid brotli");
        assert_eq!(back, text);
        let quick = brotli::enc::BrotliEncoderParams {
            quality: 4,
            ..Default::default()
        };
        let mut fast = Vec::new();
        brotli::BrotliCompress(&mut &text[..], &mut fast, &quick).expect("compressed");
        assert!(best.len() < fast.len(), "{} vs {}", best.len(), fast.len());
    }
}
