//! Progress while a cluster comes up or goes away: one line per step on standard error, with elapsed time.

use std::time::Instant;

/// Where a backend reports its steps (a terminal, or a test collecting them).
pub trait Progress: Sync {
    fn step(&self, message: &str);
}

/// Lines like `[  12s] broker 2/3 ready on 127.0.0.1:39093` on standard error.
pub struct StderrProgress {
    start: Instant,
}

impl StderrProgress {
    pub fn new() -> Self {
        StderrProgress { start: Instant::now() }
    }
}

impl Default for StderrProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for StderrProgress {
    fn step(&self, message: &str) {
        eprintln!("[{:>4}s] {message}", self.start.elapsed().as_secs());
    }
}
