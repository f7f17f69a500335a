//! The terminal, restored on every way out: normal quit, an error (the guard's Drop), a panic
//! (a hook that restores before the message prints; the message carries no patient data), and
//! SIGTERM, SIGINT or SIGHUP (a flag the loop watches, so it leaves through the guard; a second
//! signal ends the process at once), and a terminal that hangs up without a signal.

use std::io::{self, Stdout, stdout};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Once};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};

/// A flag raised by SIGTERM, SIGINT or SIGHUP.
pub fn stop_on_signals() -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [SIGTERM, SIGINT, SIGHUP] {
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&flag))?;
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    Ok(flag)
}

/// True once the terminal has hung up (its window closed, the connection dropped): asking its
/// size then fails. A hang-up does not always bring a SIGHUP (the desk need not be the
/// terminal's controlling process), and reads from a hung-up terminal return at once, so
/// without this the loop would spin on a dead terminal.
pub fn hung_up() -> bool {
    rustix::termios::tcgetwinsize(stdout()).is_err()
}

/// Ends the process if the terminal hangs up, or a stop signal is not acted on, and the loop has
/// not left by itself within a second: crossterm's reader can spin forever inside
/// `event::poll` on a dead terminal (crossterm-rs/crossterm#793), where the loop's own checks
/// never run. Decisions are each one transaction, so ending here loses none; the terminal is
/// restored as far as it still can be.
pub fn watchdog(stop: Arc<AtomicBool>) {
    use std::sync::atomic::Ordering;
    use std::time::{Duration, Instant};
    std::thread::spawn(move || {
        let mut since: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if !(stop.load(Ordering::Relaxed) || hung_up()) {
                since = None;
                continue;
            }
            let first = *since.get_or_insert_with(Instant::now);
            if first.elapsed() >= Duration::from_secs(1) {
                restore();
                std::process::exit(0);
            }
        }
    });
}

pub struct Guard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen);
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Guard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

impl Deref for Guard {
    type Target = Terminal<CrosstermBackend<Stdout>>;
    fn deref(&self) -> &Self::Target {
        &self.terminal
    }
}

impl DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.terminal
    }
}
