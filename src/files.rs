//! Reading the files topicctl is told about (specs, schemas, password files, CA/certificate/key, client property
//! files, saved plans): regular files only, never more than a cap, and errors that name the path but never show the
//! content. A FIFO, a device (`/dev/zero`) or a folder is refused before it is opened for reading, so nothing hangs
//! or grows without bound. Imports nothing of the crate: every layer may use it.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The cap for spec and schema files.
pub const SPEC_CAP: u64 = 16 * 1024 * 1024;
/// The cap for small secrets and PEM files (password files, CA bundles, certificates, keys, property files).
pub const SMALL_CAP: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum FileError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(topicctl::file::unreadable))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a regular file (it is {kind})", path.display())]
    #[diagnostic(
        code(topicctl::file::not_regular),
        help("name a regular file: devices, FIFOs, sockets and folders are never read")
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{} is larger than {cap} bytes", path.display())]
    #[diagnostic(code(topicctl::file::too_large))]
    TooLarge { path: PathBuf, cap: u64 },
    #[error("{} is not UTF-8 text", path.display())]
    #[diagnostic(code(topicctl::file::not_text))]
    NotText { path: PathBuf },
}

impl FileError {
    /// The stable code of this error, e.g. `topicctl::file::not_regular` (as `&'static str`, for spec diagnostics).
    pub fn code_name(&self) -> &'static str {
        match self {
            FileError::Io { .. } => "topicctl::file::unreadable",
            FileError::NotRegular { .. } => "topicctl::file::not_regular",
            FileError::TooLarge { .. } => "topicctl::file::too_large",
            FileError::NotText { .. } => "topicctl::file::not_text",
        }
    }
}

impl FileError {
    /// The same error about `path` (e.g. the spec's `${CA_FILE}` shown instead of the path a variable gave).
    pub fn with_path(self, path: PathBuf) -> Self {
        match self {
            FileError::Io { source, .. } => FileError::Io { path, source },
            FileError::NotRegular { kind, .. } => FileError::NotRegular { path, kind },
            FileError::TooLarge { cap, .. } => FileError::TooLarge { path, cap },
            FileError::NotText { .. } => FileError::NotText { path },
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            FileError::Io { path, .. }
            | FileError::NotRegular { path, .. }
            | FileError::TooLarge { path, .. }
            | FileError::NotText { path } => path,
        }
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// The bytes of `path` (links followed), if it is a regular file of at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let io = |source| FileError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            path: path.to_owned(),
            kind: kind(&meta),
        });
    }
    // Non-blocking open: if the path was swapped for a FIFO since, opening does not wait for a writer.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)
            .map_err(io)?
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            path: path.to_owned(),
            kind: kind(&meta),
        });
    }
    if meta.len() > cap {
        return Err(FileError::TooLarge {
            path: path.to_owned(),
            cap,
        });
    }
    let mut bytes = Vec::new();
    File::take(file, cap + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge {
            path: path.to_owned(),
            cap,
        });
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_text(path: &Path, cap: u64) -> Result<String, FileError> {
    String::from_utf8(read_regular(path, cap)?).map_err(|_| FileError::NotText { path: path.to_owned() })
}

/// The root of topicctl's state folders: `$TOPICCTL_STATE_DIR`, else `$XDG_STATE_HOME/topicctl`, else
/// `~/.local/state/topicctl`; `None` without any of them.
pub fn state_root() -> Option<std::path::PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("TOPICCTL_STATE_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| var("XDG_STATE_HOME").map(|d| std::path::PathBuf::from(d).join("topicctl")))
        .or_else(|| var("HOME").map(|h| std::path::PathBuf::from(h).join(".local/state/topicctl")))
}

/// The path of one of topicctl's own state files, e.g. `throttles/prod.json`; `None` without a state folder.
/// `name` is made safe for a file name (anything but ASCII letters, digits, `-` and `_` becomes `_`).
pub fn state_file(folder: &str, name: &str, extension: &str) -> Option<std::path::PathBuf> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Some(state_root()?.join(folder).join(format!("{safe}.{extension}")))
}

/// A state file's text, `None` when it does not exist (read like every other file: regular, capped).
pub fn read_state_text(path: &Path) -> Result<Option<String>, FileError> {
    if !path.exists() {
        return Ok(None);
    }
    read_regular_text(path, SMALL_CAP).map(Some)
}

#[cfg(test)]
mod tests {
    use super::{FileError, read_regular, read_regular_text};

    #[test]
    fn regular_files_within_the_cap_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read_regular_text(&file, 5).unwrap(), "hello");
        assert!(matches!(
            read_regular(&file, 4),
            Err(FileError::TooLarge { cap: 4, .. })
        ));
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(FileError::NotRegular { kind: "a folder", .. })
        ));
        assert!(matches!(
            read_regular(std::path::Path::new("/dev/zero"), 10),
            Err(FileError::NotRegular { kind: "a device", .. })
        ));
        let fifo = dir.path().join("fifo");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        assert!(matches!(
            read_regular(&fifo, 10),
            Err(FileError::NotRegular { kind: "a FIFO", .. })
        ));
        assert!(matches!(
            read_regular(&dir.path().join("missing"), 10),
            Err(FileError::Io { .. })
        ));
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_regular_text(&file, 10), Err(FileError::NotText { .. })));
    }
}
