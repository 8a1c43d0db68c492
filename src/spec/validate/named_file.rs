//! Files a spec names. A schema file must resolve inside the `-f` folder the spec was found under: an absolute
//! path, a `..` that climbs out or a link that leads out is an error, so a pull request cannot make `plan` read a
//! file of the CI runner and show it. Files are read as regular files under a size cap (`files::read_regular`);
//! their problems keep the `topicctl::file::*` codes, placed at the field that names the file.

use std::path::{Component, Path, PathBuf};

use crate::files;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::Sp;
use crate::spec::validate::at::At;

pub const SCHEMA_OUTSIDE: &str = "topicctl::schema_outside_specs";

/// The text of the schema file `value` names (relative to the spec file), if it lies inside the spec's root.
pub fn read_schema(at: At<'_>, value: &Sp<String>) -> Result<String, Box<SpecDiagnostic>> {
    let path = inside_root(at, value)?;
    files::read_regular_text(&path, files::SPEC_CAP)
        .map_err(|e| Box::new(at.on(SpecDiagnostic::file(&e, "schema"), value, "schema file")))
}

fn inside_root(at: At<'_>, value: &Sp<String>) -> Result<PathBuf, Box<SpecDiagnostic>> {
    let root = &at.file.root;
    let outside = |why: String| {
        Box::new(at.on(
            SpecDiagnostic::error(SCHEMA_OUTSIDE, format!("schema file `{}` {why}", value.value)).help(
                "write the path relative to the spec file, to a file inside the -f folder that holds it: specs \
                 may not make topicctl read (and show) other files",
            ),
            value,
            "outside the spec folder",
        ))
    };
    let written = Path::new(&value.value);
    if written.is_absolute() {
        return Err(outside("is an absolute path".into()));
    }
    let joined = at.file.dir.join(written);
    // Refuse a `..` that climbs out before asking the file system anything about the place it names.
    let dir = std::fs::canonicalize(&at.file.dir).unwrap_or_else(|_| at.file.dir.clone());
    if !lexical(&dir.join(written)).starts_with(root) {
        return Err(outside("climbs out of the spec folder".into()));
    }
    let canonical = std::fs::canonicalize(&joined).map_err(|e| {
        Box::new(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::schema_file_missing",
                    format!("cannot read schema file {}: {e}", joined.display()),
                )
                .help("the path is relative to the spec file that names it"),
                value,
                "schema file",
            ),
        )
    })?;
    if !canonical.starts_with(root) {
        return Err(outside("leads through a link out of the spec folder".into()));
    }
    Ok(canonical)
}

/// `path` with `.` and `..` resolved by name (no file system access).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::lexical;

    #[test]
    fn lexical_resolves_dots_by_name() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(lexical(Path::new("/a/../../x")), Path::new("/x"));
    }
}
