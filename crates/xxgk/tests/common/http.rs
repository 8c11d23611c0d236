//! A `xxgk serve` for a test, and a plain HTTP/1.1 client over a TCP socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::s;

/// A running `xxgk serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// `xxgk serve` on the store `db` with `extra` options, on a loopback port the server takes
/// itself (`--addr 127.0.0.1:0`) and says, once it listens, on its standard error — a port
/// chosen here and let go could be taken by another test's server in between.
pub fn serve_with(db: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["serve", "--db", s(db), "--addr", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server said where it listens").unwrap();
        if let Some(at) = line.find("http://") {
            let rest = &line[at + "http://".len()..];
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    // The rest of what the server says goes on to this test's own standard error.
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(|l| eprintln!("{l}")));
    Server { child, addr }
}

/// One response: status, headers (lower-case names), body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body as sent (a document).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

pub fn serve(db: &Path) -> Server {
    serve_with(db, &[])
}

pub fn request(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    request_bytes(server, method, path, headers, body.as_bytes())
}

/// A request with a body of any bytes (an upload).
pub fn request_bytes(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.addr,
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut raw = req.into_bytes();
    raw.extend_from_slice(body);
    // The server may answer and close before reading all of a refused upload.
    let _ = stream.write_all(&raw);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let bytes = raw[split..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
}

pub fn get(server: &Server, path: &str) -> Reply {
    request(server, "GET", path, &[], "")
}

/// The session a page gives its browser: the session cookie when one was set (none in open
/// mode), and the CSRF token the page carries.
pub fn page_session(page: &Reply) -> (String, String) {
    let cookie =
        page.header("set-cookie").map(|c| c.split(';').next().unwrap_or_default().to_string()).unwrap_or_default();
    let token = page
        .body
        .split("<meta name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(!token.is_empty(), "the page carries its CSRF token");
    (cookie, token)
}
