//! Filling the jar cache of one Kafka version safely when several topicctl runs do it at once: under an exclusive
//! lock on `<version>/.lock`, a run downloads into its own temporary folder (`.tmp-<pid>-<random>`), checks it,
//! marks it complete and renames it to `libs` in one step. A run waiting for the lock then finds `libs` complete
//! and uses it; a temporary folder is never taken for a complete cache, and the lock holder removes the ones left
//! by runs that died.

use std::fs::File;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use rustix::fs::{FlockOperation, flock};
use rustix::io::Errno;

use crate::provision::local::error::LocalError;
use crate::provision::local::private;
use crate::provision::progress::Progress;

/// Marks a complete jar folder (shared with `scripts/kafka`, which fills the same cache).
pub const COMPLETE: &str = ".complete";
const LOCK: &str = ".lock";
const TEMPORARY: &str = ".tmp-";
/// Where versions before the lock downloaded to.
const LEGACY_PARTIAL: &str = "libs.partial";

/// Whether `libs` is a published, complete jar folder.
pub fn is_complete(libs: &Path) -> bool {
    libs.join(COMPLETE).is_file()
}

/// Hold the fill lock of `folder` (the version's cache folder) until the returned file is dropped, waiting for
/// another run that holds it.
pub async fn lock(folder: &Path, progress: &dyn Progress) -> Result<File, LocalError> {
    private::dir(folder)?;
    let path = folder.join(LOCK);
    let file = private::open_lock_file(&path)?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => return Ok(file),
        Err(Errno::WOULDBLOCK) => {}
        Err(e) => return Err(LocalError::io(format!("cannot lock {}", path.display()))(e.into())),
    }
    progress.step(&format!(
        "waiting for another topicctl that is downloading into {}",
        folder.display()
    ));
    let doing = format!("cannot lock {}", path.display());
    tokio::task::spawn_blocking(move || flock(&file, FlockOperation::LockExclusive).map(|()| file))
        .await
        .map_err(|e| LocalError::DownloadTask { reason: e.to_string() })?
        .map_err(|e| LocalError::io(doing)(e.into()))
}

/// Remove the temporary folders of runs that died (only the lock holder may call this: no live run has one then).
pub fn clean_stale(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if (name.starts_with(TEMPORARY) || name == LEGACY_PARTIAL) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A new, empty, private temporary folder in `folder` for this run.
pub fn staging(folder: &Path) -> Result<PathBuf, LocalError> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| LocalError::NoRandomness { reason: e.to_string() })?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = folder.join(format!("{TEMPORARY}{}-{suffix}", std::process::id()));
    std::fs::DirBuilder::new()
        .mode(private::DIR_MODE)
        .create(&tmp)
        .map_err(LocalError::io(format!("cannot create {}", tmp.display())))?;
    Ok(tmp)
}

/// Mark `tmp` complete and rename it to `libs` (replacing an incomplete `libs`), under the lock.
pub fn publish(tmp: &Path, libs: &Path) -> Result<(), LocalError> {
    private::write(&tmp.join(COMPLETE), b"")?;
    if libs.exists() {
        std::fs::remove_dir_all(libs).map_err(LocalError::io(format!("cannot remove {}", libs.display())))?;
    }
    std::fs::rename(tmp, libs).map_err(LocalError::io(format!("cannot move {} into place", tmp.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn step(&self, _: &str) {}
    }

    #[tokio::test]
    async fn the_lock_is_exclusive_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path(), &Quiet).await.unwrap();
        let other = private::open_lock_file(&dir.path().join(LOCK)).unwrap();
        assert_eq!(
            flock(&other, FlockOperation::NonBlockingLockExclusive),
            Err(Errno::WOULDBLOCK)
        );
        drop(held);
        flock(&other, FlockOperation::NonBlockingLockExclusive).unwrap();
    }

    #[test]
    fn a_temporary_folder_is_never_complete_and_stale_ones_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let libs = dir.path().join("libs");
        let tmp = staging(dir.path()).unwrap();
        assert!(tmp.file_name().unwrap().to_string_lossy().starts_with(".tmp-"));
        std::fs::write(tmp.join("kafka.jar"), "jar").unwrap();
        assert!(!is_complete(&tmp) && !is_complete(&libs));
        let stale = staging(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join(LEGACY_PARTIAL)).unwrap();
        std::fs::create_dir(&libs).unwrap();
        publish(&tmp, &libs).unwrap();
        assert!(is_complete(&libs) && libs.join("kafka.jar").is_file() && !tmp.exists());
        clean_stale(dir.path());
        assert!(!stale.exists() && !dir.path().join(LEGACY_PARTIAL).exists());
        assert!(is_complete(&libs), "the published folder stays");
    }
}
