//! Progress of a model download on stderr.

use indicatif::{ProgressBar, ProgressStyle};
use inference::models::PullProgress;

/// A progress bar on stderr for pulls; each source that starts downloading
/// gets a fresh one.
#[derive(Default)]
pub struct PullBar(std::sync::Mutex<Option<ProgressBar>>);

impl PullBar {
    fn current(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl PullProgress for PullBar {
    fn start(&self, name: &str, total: u64) {
        let bar = ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})")
                .expect("valid template"),
        );
        bar.set_message(name.to_string());
        *self.current() = Some(bar);
    }
    fn advance(&self, done: u64) {
        if let Some(bar) = self.current().as_ref() {
            bar.set_position(done);
        }
    }
    fn note(&self, message: &str) {
        match self.current().as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.current().take() {
            bar.finish_and_clear();
        }
    }
}
