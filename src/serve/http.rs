//! Just enough HTTP/1.1 for a local preview server: GET and HEAD requests,
//! one response per connection, and paths that can never leave the site.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The longest request head we read; a preview server has no use for more.
const MAX_HEAD: usize = 16 * 1024;

pub struct Request {
    pub method: String,
    /// The decoded path, always starting with `/`.
    pub path: String,
}

/// Why a request cannot be answered with a file.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    Malformed,
    /// `..`, an absolute or drive path, a backslash or NUL after decoding.
    Forbidden,
}

pub fn read_request(stream: &TcpStream) -> Result<Request, BadRequest> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|_| BadRequest::Malformed)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(BadRequest::Malformed);
    };
    // Drain the headers; nothing in them changes what we serve.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => continue,
            Err(_) => return Err(BadRequest::Malformed),
        }
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or("/");
    Ok(Request {
        method: method.to_string(),
        path: safe_path(raw_path)?,
    })
}

/// Percent-decodes a request path and refuses anything that could name a
/// file outside the site: `..` segments (also as `%2e%2e`), backslashes,
/// NUL, and paths that are not rooted at `/`.
pub fn safe_path(raw: &str) -> Result<String, BadRequest> {
    if !raw.starts_with('/') {
        return Err(BadRequest::Forbidden);
    }
    let decoded = percent_decode(raw).ok_or(BadRequest::Malformed)?;
    if decoded.contains(['\\', '\0']) || decoded.contains("//") {
        return Err(BadRequest::Forbidden);
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(BadRequest::Forbidden);
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub fn respond(
    mut stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_site() {
        assert_eq!(safe_path("/zh/index.html").unwrap(), "/zh/index.html");
        assert_eq!(safe_path("/zh/%E6%97%A5.html").unwrap(), "/zh/日.html");
        for bad in [
            "/../content/site.yaml",
            "/zh/%2e%2e/%2E%2E/etc/passwd",
            "/a\\..\\b",
            "//etc/passwd",
            "etc/passwd",
            "/a/./b",
            "/%00",
        ] {
            assert!(safe_path(bad).is_err(), "{bad}");
        }
        assert_eq!(safe_path("/%zz"), Err(BadRequest::Malformed));
    }
}
