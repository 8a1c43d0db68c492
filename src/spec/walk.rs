//! Finding the spec files under the `-f` roots. The roots come from the command line and are trusted; what is
//! inside them is not. Links are followed while they stay inside their root (each folder is walked once, a link
//! back to a folder being walked is a loop); a link that dangles, loops or leads outside is an error, never a
//! silent skip. Every `*.yaml` / `*.yml` entry that is not a folder is returned, whatever it is: reading it
//! (`files::read_regular`) refuses FIFOs and devices with an error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::spec::diagnostic::SpecDiagnostic;

/// A spec file to read: the path as shown (the root as given joined with the names below it) and the canonical
/// root it was found under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecPath {
    pub path: PathBuf,
    pub root: PathBuf,
}

pub const LINK_OUTSIDE: &str = "topicctl::spec_link_outside";
pub const LINK_DANGLING: &str = "topicctl::spec_link_dangling";
pub const LINK_LOOP: &str = "topicctl::spec_link_loop";

/// Every spec file under `roots` (folders, searched recursively, or single files), with problems as diagnostics.
pub fn find(roots: &[PathBuf], diagnostics: &mut Vec<SpecDiagnostic>) -> Vec<SpecPath> {
    let mut out = Vec::new();
    for root in roots {
        let canonical = std::fs::canonicalize(root);
        match (std::fs::metadata(root), canonical) {
            (Ok(meta), Ok(canonical)) if meta.is_dir() => {
                let mut walk = Walk {
                    root: &canonical,
                    stack: Vec::new(),
                    seen: BTreeSet::new(),
                    out: &mut out,
                    diagnostics,
                };
                walk.dir(root, canonical.clone());
            }
            (Ok(_), Ok(canonical)) => out.push(SpecPath {
                path: root.clone(),
                root: canonical.parent().map(Path::to_path_buf).unwrap_or_default(),
            }),
            _ => diagnostics.push(
                SpecDiagnostic::error("topicctl::spec_path", format!("{} does not exist", root.display()))
                    .help("give a folder of *.yaml spec files with -f/--file (default: specs/)"),
            ),
        }
    }
    out
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

struct Walk<'a> {
    root: &'a Path,
    /// The canonical folders being walked, outermost first: a link to one of them is a loop.
    stack: Vec<PathBuf>,
    /// Every canonical folder walked so far: each is walked once (two links to one folder do not double it).
    seen: BTreeSet<PathBuf>,
    out: &'a mut Vec<SpecPath>,
    diagnostics: &'a mut Vec<SpecDiagnostic>,
}

impl Walk<'_> {
    fn dir(&mut self, shown: &Path, canonical: PathBuf) {
        if !self.seen.insert(canonical.clone()) {
            return;
        }
        let entries = match std::fs::read_dir(shown) {
            Ok(entries) => entries,
            Err(e) => {
                self.diagnostics.push(
                    SpecDiagnostic::error("topicctl::spec_path", format!("cannot read {}: {e}", shown.display()))
                        .help("check that the folder exists and is readable, or name another with `-f`"),
                );
                return;
            }
        };
        self.stack.push(canonical.clone());
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.diagnostics.push(SpecDiagnostic::error(
                        "topicctl::spec_path",
                        format!("cannot read {}: {e}", shown.display()),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_symlink() => self.link(&path),
                Ok(kind) if kind.is_dir() => self.dir(&path, canonical.join(entry.file_name())),
                Ok(_) if is_yaml(&path) => self.push(path),
                Ok(_) => {}
                Err(e) => self.diagnostics.push(SpecDiagnostic::error(
                    "topicctl::spec_path",
                    format!("cannot read {}: {e}", path.display()),
                )),
            }
        }
        self.stack.pop();
    }

    fn push(&mut self, path: PathBuf) {
        self.out.push(SpecPath {
            path,
            root: self.root.to_path_buf(),
        });
    }

    fn link(&mut self, path: &Path) {
        let target = match std::fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                return self.error(
                    LINK_LOOP,
                    format!("{} is a link that leads back to itself", path.display()),
                );
            }
            Err(_) => {
                let to = std::fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
                return self.error(
                    LINK_DANGLING,
                    format!("{} is a link to {to}, which does not exist", path.display()),
                );
            }
        };
        let is_dir = std::fs::metadata(&target).is_ok_and(|m| m.is_dir());
        if !is_dir && !is_yaml(path) {
            return; // not a spec file, never read
        }
        if !target.starts_with(self.root) {
            return self.error(
                LINK_OUTSIDE,
                format!(
                    "{} is a link to {}, outside the spec folder {}",
                    path.display(),
                    target.display(),
                    self.root.display()
                ),
            );
        }
        if !is_dir {
            self.push(path.to_path_buf());
        } else if self.stack.contains(&target) {
            self.error(
                LINK_LOOP,
                format!(
                    "{} is a link to {}, a folder that contains it (a loop)",
                    path.display(),
                    target.display()
                ),
            );
        } else {
            self.dir(path, target);
        }
    }

    fn error(&mut self, code: &'static str, message: String) {
        let help = match code {
            LINK_OUTSIDE => {
                "links in a spec folder may only lead inside it: copy the file in, or give its folder with another -f"
            }
            LINK_DANGLING => "remove the link or restore what it points to: a spec file is never skipped",
            _ => "remove the link: a folder cannot contain itself",
        };
        self.diagnostics.push(SpecDiagnostic::error(code, message).help(help));
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::{LINK_DANGLING, LINK_LOOP, LINK_OUTSIDE, find};

    fn codes(diagnostics: &[crate::spec::diagnostic::SpecDiagnostic]) -> Vec<&str> {
        let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        codes.sort();
        codes
    }

    #[test]
    fn links_inside_are_followed_once_and_others_are_errors() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.yaml"), "").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("specs");
        std::fs::create_dir_all(root.join("real/deeper")).unwrap();
        std::fs::write(root.join("real/a.yaml"), "").unwrap();
        std::fs::write(root.join("real/notes.txt"), "").unwrap();
        symlink(root.join("real"), root.join("again")).unwrap();
        symlink(root.join("real"), root.join("and-again")).unwrap();
        symlink(root.join("real/a.yaml"), root.join("b.yaml")).unwrap();
        symlink(root.join("real/notes.txt"), root.join("notes.md")).unwrap();
        symlink("/etc/hostname", root.join("ignored.txt")).unwrap();
        let mut diagnostics = Vec::new();
        let found = find(std::slice::from_ref(&root), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut names: Vec<_> = found
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        names.sort();
        // `real` is walked once, through whichever entry came first.
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"b.yaml".to_owned()), "{names:?}");
        assert!(found.iter().all(|f| f.root == root.canonicalize().unwrap()));

        symlink(outside.path().join("x.yaml"), root.join("out.yaml")).unwrap();
        symlink(outside.path(), root.join("out-dir")).unwrap();
        symlink(root.join("missing"), root.join("gone")).unwrap();
        symlink(&root, root.join("real/deeper/up")).unwrap();
        symlink(root.join("self.yaml"), root.join("self.yaml")).unwrap();
        let mut diagnostics = Vec::new();
        find(std::slice::from_ref(&root), &mut diagnostics);
        assert_eq!(
            codes(&diagnostics),
            [LINK_DANGLING, LINK_LOOP, LINK_LOOP, LINK_OUTSIDE, LINK_OUTSIDE]
        );
    }

    #[test]
    fn a_single_file_root_and_a_missing_root() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.yaml");
        std::fs::write(&file, "").unwrap();
        let mut diagnostics = Vec::new();
        let found = find(&[file.clone(), dir.path().join("nope")], &mut diagnostics);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].root, dir.path().canonicalize().unwrap());
        assert_eq!(codes(&diagnostics), ["topicctl::spec_path"]);
    }
}
