//! Paths that must stay where they belong: names that become paths in the cache are plain file names, and folders
//! named by a state file lie inside its state folder (symbolic links resolved).

use std::path::{Component, Path, PathBuf};

/// `name` if it is a plain file name: not empty, not starting with `.` (no `..`, no hidden marker such as
/// `.complete`), without `/`, `\` or NUL.
pub fn plain_name(name: &str) -> Option<&str> {
    let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0']);
    plain.then_some(name)
}

/// Whether `path` lies strictly inside `root`, both resolved through symbolic links. A part of `path` that does
/// not exist yet must be plain names (no `..`), so that it cannot climb out once created.
pub fn is_inside(root: &Path, path: &Path) -> bool {
    if !path.is_absolute() {
        return false;
    }
    let (Ok(root), Some(path)) = (root.canonicalize(), resolve(path)) else {
        return false;
    };
    path != root && path.starts_with(&root)
}

/// `path` with its longest existing prefix canonicalized and the rest appended, if the rest is plain names.
fn resolve(path: &Path) -> Option<PathBuf> {
    let mut tail = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut resolved = real;
            for part in tail.iter().rev() {
                resolved.push(part);
            }
            return Some(resolved);
        }
        let mut components = existing.components();
        match components.next_back() {
            Some(Component::Normal(part)) => tail.push(part.to_os_string()),
            _ => return None,
        }
        existing = components.as_path();
        if existing.as_os_str().is_empty() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names() {
        assert_eq!(plain_name("kafka_2.13-4.1.2.jar"), Some("kafka_2.13-4.1.2.jar"));
        assert_eq!(plain_name("4.1.2"), Some("4.1.2"));
        for bad in ["", ".", "..", ".complete", "a/b", "../x", "a\\b", "x\0y"] {
            assert_eq!(plain_name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn folders_inside_and_outside() {
        let root = tempfile::tempdir().unwrap();
        let state = root.path().join("state");
        std::fs::create_dir_all(state.join("node-0")).unwrap();
        std::fs::create_dir_all(root.path().join("victim")).unwrap();
        assert!(is_inside(&state, &state.join("node-0")));
        assert!(
            is_inside(&state, &state.join("node-1/not/yet")),
            "a folder still to create"
        );
        assert!(
            !is_inside(&state, &state),
            "the state folder itself is not a node folder"
        );
        assert!(!is_inside(&state, &state.join("../victim")));
        assert!(!is_inside(&state, &state.join("node-9/../../victim")));
        assert!(!is_inside(&state, &root.path().join("victim")));
        assert!(!is_inside(&state, Path::new("/")));
        assert!(
            !is_inside(&state, Path::new("node-0")),
            "a relative path is not trusted"
        );
        std::os::unix::fs::symlink(root.path().join("victim"), state.join("link")).unwrap();
        assert!(
            !is_inside(&state, &state.join("link")),
            "a symbolic link out is followed"
        );
    }
}
