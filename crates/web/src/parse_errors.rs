//! hyper's own answers to requests it cannot parse, with our headers.
//!
//! A request line or header that is not HTTP (`GET / HTTP/9`, a header
//! without a colon), a URL over 64 KiB or a head over hyper's buffer never
//! reaches the router: hyper writes `400`, `414` or `431` itself, with only
//! `content-length: 0` and `date`, and closes the connection. hyper 1.x has
//! no hook for that answer, so [`Hardened`] wraps the connection's socket
//! and adds the security headers ([`crate::cross_origin::SECURITY_HEADERS`]) to
//! exactly that answer as it is written.
//!
//! The answer is recognised by its whole shape: one of those three status
//! lines with hyper's reason, only `content-length: 0`, `date` and
//! `connection` headers, and the blank line. Every answer of the router
//! carries `x-content-type-options`, so none of them has that shape, and
//! no body the server writes holds a CR LF-framed head: notes refuse
//! carriage returns and JSON escapes them. hyper writes a head in one
//! buffer when the socket does not take vectored writes, so the head is
//! never split between two writes; bytes before it are passed on first.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A socket that adds the security headers to hyper's own error answers.
pub struct Hardened<T> {
    inner: T,
    /// A rewritten head not yet all written to `inner`.
    pending: Vec<u8>,
}

impl<T> Hardened<T> {
    pub fn new(inner: T) -> Self {
        Hardened {
            inner,
            pending: Vec::new(),
        }
    }
}

/// The statuses hyper answers on its own, with the reasons it writes.
const OWN_ANSWERS: [&[u8]; 3] = [
    b"HTTP/1.1 400 Bad Request\r\n",
    b"HTTP/1.1 414 URI Too Long\r\n",
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
];

/// Where in `buf` an answer of hyper's own starts, and how long its head is.
fn find_own_answer(buf: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = find(&buf[from..], b"HTTP/1.1 4").map(|i| i + from) {
        if let Some(len) = own_answer_len(&buf[at..]) {
            return Some((at, len));
        }
        from = at + 1;
    }
    None
}

/// The length of the head at the start of `buf` when it is one of hyper's
/// own answers: a known status line, then only hyper's headers, then the
/// blank line.
fn own_answer_len(buf: &[u8]) -> Option<usize> {
    let status = OWN_ANSWERS.iter().find(|s| buf.starts_with(s))?;
    let mut at = status.len();
    loop {
        let rest = &buf[at..];
        if rest.starts_with(b"\r\n") {
            return Some(at + 2);
        }
        let end = find(rest, b"\r\n")?;
        let line = &rest[..end];
        let name_end = line.iter().position(|&b| b == b':')?;
        let name = &line[..name_end];
        let value = line[name_end + 1..].trim_ascii();
        let hyper_own = if name.eq_ignore_ascii_case(b"content-length") {
            value == b"0"
        } else {
            name.eq_ignore_ascii_case(b"date") || name.eq_ignore_ascii_case(b"connection")
        };
        if !hyper_own {
            return None;
        }
        at += end + 2;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The head with the security headers added after its status line.
fn harden(head: &[u8]) -> Vec<u8> {
    let status_end = find(head, b"\r\n").map_or(head.len(), |i| i + 2);
    let mut out = Vec::with_capacity(head.len() + 600);
    out.extend_from_slice(&head[..status_end]);
    for (name, value) in crate::cross_origin::SECURITY_HEADERS {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(&head[status_end..]);
    out
}

impl<T: AsyncWrite + Unpin> Hardened<T> {
    /// Writes what is pending; ready once nothing is.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.pending.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Hardened<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Hardened<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        match find_own_answer(buf) {
            None => Pin::new(&mut this.inner).poll_write(cx, buf),
            Some((0, len)) => {
                this.pending = harden(&buf[..len]);
                // Taken: it is written from `pending` before anything else,
                // and flushing waits for it.
                let _ = this.poll_pending(cx)?;
                Poll::Ready(Ok(len))
            }
            Some((at, _)) => Pin::new(&mut this.inner).poll_write(cx, &buf[..at]),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }

    // Not vectored, so hyper writes each head in one buffer.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARE: &[u8] =
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Fri, 04 Dec 2026 20:00:00 GMT\r\n\r\n";

    #[test]
    fn hypers_bare_answer_is_found_after_other_bytes() {
        let mut buf =
            b"HTTP/1.1 200 OK\r\nx-content-type-options: nosniff\r\ncontent-length: 2\r\n\r\nok"
                .to_vec();
        let at = buf.len();
        buf.extend_from_slice(BARE);
        assert_eq!(find_own_answer(&buf), Some((at, BARE.len())));
    }

    #[test]
    fn answers_with_other_headers_or_a_body_are_left_alone() {
        let ours =
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(find_own_answer(ours), None);
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\n\r\nhello";
        assert_eq!(find_own_answer(with_body), None);
        let unfinished = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n";
        assert_eq!(find_own_answer(unfinished), None);
        assert_eq!(find_own_answer(b"HTTP/1.1 404 Not Found\r\n\r\n"), None);
    }

    #[test]
    fn the_hardened_head_keeps_status_and_hypers_headers() {
        let out = String::from_utf8(harden(BARE)).unwrap();
        assert!(out.starts_with("HTTP/1.1 400 Bad Request\r\ncontent-security-policy: "));
        assert!(out.contains("\r\nx-content-type-options: nosniff\r\n"));
        assert!(out.ends_with("content-length: 0\r\ndate: Fri, 04 Dec 2026 20:00:00 GMT\r\n\r\n"));
        assert_eq!(out.matches("\r\n\r\n").count(), 1);
    }
}
