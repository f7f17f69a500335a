//! The desk on a real pseudo-terminal: SIGTERM, SIGINT and SIGHUP end it through the same door
//! as `q`, so the alternate screen and mouse mode are switched off and the patient data on
//! screen goes away with them.

mod common;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The desk on a new 80x24 pty (not its controlling terminal: no signal comes with a hang-up).
fn spawn(home: &std::path::Path) -> (std::process::Child, rustix::fd::OwnedFd) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    tcsetwinsize(&master, Winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 }).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new().read(true).write(true).open(name.to_str().unwrap()).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("overturn"));
    cmd.env("OVERTURN_DATA_DIR", home.join("data"))
        .env("OVERTURN_CONFIG_DIR", home.join("config"))
        .env("OVERTURN_TODAY", common::TODAY)
        .env("TERM", "xterm-256color")
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave);
    (cmd.spawn().unwrap(), master)
}

/// Runs the desk on a new pty, waits for its first frame, sends `sig`; returns what the desk
/// wrote after the signal and whether it exited by itself.
fn desk_then(sig: Signal) -> (Vec<u8>, bool) {
    let home = tempfile::tempdir().unwrap();
    let (mut child, master) = spawn(home.path());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let seen = Arc::clone(&seen);
        let mut master = std::fs::File::from(master);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let started = Instant::now();
    while !(contains(&seen.lock().unwrap(), ENTER_ALT) && contains(&seen.lock().unwrap(), b"Overturn")) {
        assert!(started.elapsed() < Duration::from_secs(20), "the desk never drew");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let mark = seen.lock().unwrap().len();
    kill_process(Pid::from_child(&child), sig).unwrap();
    let stopped = Instant::now();
    let mut exited = false;
    while stopped.elapsed() < Duration::from_secs(10) {
        if let Some(status) = child.try_wait().unwrap() {
            exited = status.success();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if child.try_wait().unwrap().is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    std::thread::sleep(Duration::from_millis(100));
    drop(reader);
    let after = seen.lock().unwrap()[mark..].to_vec();
    (after, exited)
}

#[test]
fn signals_restore_the_terminal() {
    for sig in [Signal::TERM, Signal::INT, Signal::HUP] {
        let (after, exited) = desk_then(sig);
        assert!(exited, "{sig:?}: the desk ends by itself, with success");
        assert!(
            contains(&after, LEAVE_ALT),
            "{sig:?}: leaves the alternate screen: {:?}",
            String::from_utf8_lossy(&after)
        );
        assert!(contains(&after, MOUSE_OFF), "{sig:?}: mouse mode off");
    }
}

#[test]
fn a_terminal_that_hangs_up_ends_the_desk() {
    // The window closes (the pty's other side goes away) without a signal reaching the desk:
    // it notices, ends, and does not spin on a dead terminal.
    let home = tempfile::tempdir().unwrap();
    let (mut child, master) = spawn(home.path());
    let mut master = std::fs::File::from(master);
    let (mut seen, mut buf) = (Vec::new(), [0u8; 4096]);
    let started = Instant::now();
    while !(contains(&seen, ENTER_ALT) && contains(&seen, b"Overturn")) {
        assert!(started.elapsed() < Duration::from_secs(20), "the desk never drew");
        let n = master.read(&mut buf).unwrap();
        seen.extend_from_slice(&buf[..n]);
    }
    // Let it settle (the background rescoring done, nothing left to draw), as a desk left open is.
    let quiet = Instant::now();
    rustix::fs::fcntl_setfl(&master, rustix::fs::OFlags::NONBLOCK).unwrap();
    while quiet.elapsed() < Duration::from_millis(1500) {
        let _ = master.read(&mut buf);
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(master); // the last handle on this side: the desk's terminal hangs up
    let hung = Instant::now();
    let ended = loop {
        if child.try_wait().unwrap().is_some() {
            break true;
        }
        if hung.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(ended, "the desk kept running on a terminal that hung up");
}
