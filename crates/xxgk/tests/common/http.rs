//! A `xxgk serve` for a test, and a plain HTTP/1.1 client over a TCP socket.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

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

/// `xxgk serve` on the store `db` with `extra` options, on a free loopback port.
pub fn serve_with(db: &Path, extra: &[&str]) -> Server {
    // A port the system has just given out, and let go.
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_xxgk")).args(["serve", "--db", s(db), "--addr", &addr.to_string()]).args(extra).spawn().unwrap();
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
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
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", server.addr, body.len());
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
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
}

pub fn get(server: &Server, path: &str) -> Reply {
    request(server, "GET", path, &[], "")
}

