//! Folders and files only their owner may read: the state folder, the node folders and the jar cache are 0700,
//! the files topicctl writes into them 0600. A folder that already exists is set to 0700 too, if it is ours.

use std::fs::{DirBuilder, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::provision::local::error::LocalError;

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Create `dir` and its missing parents as 0700, and make an existing `dir` of ours 0700; a folder of another
/// user is refused.
pub fn dir(dir: &Path) -> Result<(), LocalError> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(LocalError::io(format!("cannot create {}", dir.display())))?;
    restrict(dir, DIR_MODE)
}

/// Write `bytes` to `path` as a 0600 file (an existing file is truncated and set to 0600).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), LocalError> {
    let mut file = create(path)?;
    file.write_all(bytes)
        .map_err(LocalError::io(format!("cannot write {}", path.display())))
}

/// Create (or truncate) `path` as a 0600 file.
pub fn create(path: &Path) -> Result<std::fs::File, LocalError> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)
        .map_err(LocalError::io(format!("cannot create {}", path.display())))?;
    restrict(path, FILE_MODE)?;
    Ok(file)
}

/// Open `path` for locking, creating it as a 0600 file; its content is left alone.
pub fn open_lock_file(path: &Path) -> Result<std::fs::File, LocalError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(path)
        .map_err(LocalError::io(format!("cannot open {}", path.display())))
}

fn restrict(path: &Path, mode: u32) -> Result<(), LocalError> {
    let meta = std::fs::metadata(path).map_err(LocalError::io(format!("cannot inspect {}", path.display())))?;
    if meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(LocalError::NotOwner {
            path: path.display().to_string(),
        });
    }
    if meta.mode() & 0o7777 != mode {
        std::fs::set_permissions(path, Permissions::from_mode(mode))
            .map_err(LocalError::io(format!("cannot restrict {}", path.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().mode() & 0o7777
    }

    #[test]
    fn new_and_existing_folders_and_files_become_private() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b");
        dir(&nested).unwrap();
        assert_eq!((mode(&root.path().join("a")), mode(&nested)), (0o700, 0o700));
        std::fs::set_permissions(&nested, Permissions::from_mode(0o755)).unwrap();
        dir(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700, "an existing folder of ours is restricted");
        let file = nested.join("f");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, Permissions::from_mode(0o644)).unwrap();
        write(&file, b"new").unwrap();
        assert_eq!(
            (mode(&file), std::fs::read_to_string(&file).unwrap()),
            (0o600, "new".into())
        );
    }
}
