//! The static files, compiled into the binary.

use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const APP_CSS: &str = include_str!("../static/app.css");
const ICON_SVG: &str = include_str!("../static/icon.svg");

/// `/static/app.css` and `/static/icon.svg`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(app_css))
        .route("/static/icon.svg", get(icon_svg))
}

// Files change only with the binary; an hour of caching is safe and the
// security layer leaves a handler's own Cache-Control alone.
async fn app_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_CSS,
    )
}

async fn icon_svg() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ICON_SVG,
    )
}
