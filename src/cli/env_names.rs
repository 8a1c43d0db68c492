//! Environment names for shell completion: read from the specs the command line being completed names (`-f DIR`,
//! repeatable, default `specs/`), with the ordinary spec loading. Never fails: no specs, no candidates. No variable
//! is read (every `${VAR}` counts as unset), so no secret reaches a completion.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::CompletionCandidate;

use crate::spec::load::load;
use crate::spec::validate::{Variables, validate};

/// The candidates for an ENV argument (clap_complete's `ArgValueCandidates` gets no context, so the folders come from
/// this process's own arguments: the words of the line being completed, after clap_complete's `--`).
pub fn candidates() -> Vec<CompletionCandidate> {
    let words: Vec<OsString> = std::env::args_os().skip(1).skip_while(|a| a != "--").skip(1).collect();
    names(&spec_roots(&words))
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// The environment names the specs under `roots` define (sorted).
pub fn names(roots: &[PathBuf]) -> Vec<String> {
    let loaded = load(roots);
    let unset = |_: &str| -> Option<String> { None };
    let vars = Variables::new(&unset, Vec::<String>::new());
    validate(&loaded, None, &vars).environments.into_keys().collect()
}

/// The values of `-f` / `--file` in `words` (`-f X`, `-fX`, `--file X`, `--file=X`), or `specs` without any.
fn spec_roots(words: &[OsString]) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    let mut it = words.iter().map(|w| w.to_string_lossy());
    while let Some(word) = it.next() {
        if word == "--" {
            break;
        }
        if word == "-f" || word == "--file" {
            roots.extend(it.next().map(|v| PathBuf::from(v.as_ref())));
        } else if let Some(v) = word.strip_prefix("--file=").or_else(|| word.strip_prefix("-f")) {
            roots.push(PathBuf::from(v));
        }
    }
    roots.retain(|r| !r.as_os_str().is_empty());
    if roots.is_empty() {
        roots.push(PathBuf::from("specs"));
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(words: &[&str]) -> Vec<PathBuf> {
        spec_roots(&words.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn every_spelling_of_the_file_option_counts() {
        let got = roots(&[
            "topicctl", "plan", "-f", "a", "-fb", "--file", "c", "--file=d", "--env", "",
        ]);
        assert_eq!(got, ["a", "b", "c", "d"].map(PathBuf::from));
    }

    #[test]
    fn without_the_option_the_default_folder() {
        assert_eq!(roots(&["topicctl", "plan", "--env", ""]), [PathBuf::from("specs")]);
    }
}
