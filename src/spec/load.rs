//! Reads every `*.yaml` / `*.yml` file under the given folders and parses each document into its raw, spanned
//! form. Problems (syntax, unknown fields, wrong types, unknown kinds) become diagnostics; loading goes on.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::{Error as YamlError, Location, MessageFormatter, UserMessageFormatter};

use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{KINDS, Probe, RawDoc, RawEnvironment, RawPrincipal, RawQuota, RawSubject, RawTopic, RawUser};
use crate::spec::source::{Document, SourceFile};

/// Larger spec files are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One parsed document and where it came from.
#[derive(Debug)]
pub struct LoadedDoc {
    pub file: usize,
    pub doc: Document,
    pub raw: RawDoc,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub docs: Vec<LoadedDoc>,
    pub diagnostics: Vec<SpecDiagnostic>,
}

impl Loaded {
    pub fn file(&self, doc: &LoadedDoc) -> &SourceFile {
        &self.files[doc.file]
    }
}

/// Load every spec file under `roots` (folders, searched recursively, or single files), in path order.
pub fn load(roots: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut paths = Vec::new();
    for root in roots {
        if root.is_file() {
            paths.push(root.clone());
        } else if root.is_dir() {
            collect(root, &mut paths, &mut loaded.diagnostics);
        } else {
            loaded.diagnostics.push(
                SpecDiagnostic::error("topicctl::spec_path", format!("{} does not exist", root.display()))
                    .help("give a folder of *.yaml spec files with -f/--file (default: specs/)"),
            );
        }
    }
    paths.sort();
    paths.dedup();
    // Files are independent: parse them on every core, then merge in path order (output stays deterministic).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(paths.len().max(1));
    let mut results: Vec<(usize, FileResult)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let paths = &paths;
                scope.spawn(move || {
                    (t..paths.len())
                        .step_by(threads)
                        .map(|i| (i, load_file(&paths[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    for (_, result) in results {
        loaded.diagnostics.extend(result.diagnostics);
        if let Some(file) = result.file {
            let index = loaded.files.len();
            loaded.docs.extend(
                result
                    .docs
                    .into_iter()
                    .map(|(doc, raw)| LoadedDoc { file: index, doc, raw }),
            );
            loaded.files.push(file);
        }
    }
    loaded
}

/// What one file yields.
#[derive(Default)]
struct FileResult {
    file: Option<SourceFile>,
    docs: Vec<(Document, RawDoc)>,
    diagnostics: Vec<SpecDiagnostic>,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, diagnostics: &mut Vec<SpecDiagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(SpecDiagnostic::error(
                "topicctl::spec_path",
                format!("cannot read {}: {e}", dir.display()),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            collect(&path, out, diagnostics);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn load_file(path: &Path) -> FileResult {
    let mut result = FileResult::default();
    let display = path.display().to_string();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        result.diagnostics.push(SpecDiagnostic::error(
            "topicctl::file_too_large",
            format!("{display} is {size} bytes; spec files over {MAX_FILE_BYTES} bytes are refused"),
        ));
        return result;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            result.diagnostics.push(SpecDiagnostic::error(
                "topicctl::read_error",
                format!("cannot read {display}: {e}"),
            ));
            return result;
        }
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = SourceFile::new(display, text, dir);
    for doc in file.documents() {
        match parse_document(&file, &doc) {
            Ok(raw) => result.docs.push((doc, raw)),
            Err(diagnostic) => result.diagnostics.push(*diagnostic),
        }
    }
    result.file = Some(file);
    result
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! { max_depth: 32, max_documents: 4, max_nodes: 100_000, max_total_scalar_bytes: 4 << 20 },
    }
}

fn parse<T: DeserializeOwned>(file: &SourceFile, doc: &Document) -> Result<T, Box<SpecDiagnostic>> {
    serde_saphyr::from_str_with_options(&doc.text, options()).map_err(|e| Box::new(yaml_error(file, doc, &e)))
}

/// The kind of a document: a quick look for `kind:` at the start of a line, else a small parse.
fn kind_of(file: &SourceFile, doc: &Document) -> Result<Option<(String, Location)>, Box<SpecDiagnostic>> {
    // Fast path: a block-style document names its kind in a plain `kind: X` line at column 0. The typed parse
    // that follows checks the document as a whole, including that `kind` line.
    let mut plain = doc.text.lines().filter_map(|l| l.strip_prefix("kind:"));
    if let (Some(value), None) = (plain.next(), plain.next()) {
        let value = value.split('#').next().unwrap_or_default().trim();
        if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(Some((value.to_owned(), Location::UNKNOWN)));
        }
    }
    let probe: Probe = parse(file, doc)?;
    Ok(probe.kind.map(|k| (k.value, k.referenced)))
}

fn parse_document(file: &SourceFile, doc: &Document) -> Result<RawDoc, Box<SpecDiagnostic>> {
    let Some((kind, at)) = kind_of(file, doc)? else {
        return Err(Box::new(
            SpecDiagnostic::error("topicctl::missing_kind", "this document has no `kind`")
                .at(
                    file,
                    doc.start(),
                    "add `kind: Topic` (or Environment, Principal, Subject)",
                )
                .help(format!(
                    "every document starts with `kind:`, one of {}",
                    KINDS.join(", ")
                )),
        ));
    };
    match kind.as_str() {
        "Environment" => parse::<RawEnvironment>(file, doc).map(|r| RawDoc::Environment(Box::new(r))),
        "Topic" => parse::<RawTopic>(file, doc).map(|r| RawDoc::Topic(Box::new(r))),
        "Principal" => parse::<RawPrincipal>(file, doc).map(|r| RawDoc::Principal(Box::new(r))),
        "Subject" => parse::<RawSubject>(file, doc).map(|r| RawDoc::Subject(Box::new(r))),
        "User" => parse::<RawUser>(file, doc).map(|r| RawDoc::User(Box::new(r))),
        "Quota" => parse::<RawQuota>(file, doc).map(|r| RawDoc::Quota(Box::new(r))),
        other => {
            let help = match closest(other, KINDS.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? (one of {})", KINDS.join(", ")),
                None => format!("one of {}", KINDS.join(", ")),
            };
            Err(Box::new(
                SpecDiagnostic::error("topicctl::unknown_kind", format!("unknown kind `{other}`"))
                    .at(file, kind_span(file, doc, &at), "not a kind topicctl knows")
                    .help(help),
            ))
        }
    }
}

/// Where `kind` is written (the fast path in `kind_of` does not record it).
fn kind_span(file: &SourceFile, doc: &Document, at: &Location) -> miette::SourceSpan {
    if at.line() > 0 {
        return doc.span(at);
    }
    match parse::<Probe>(file, doc) {
        Ok(Probe { kind: Some(kind) }) => doc.span(&kind.referenced),
        _ => doc.start(),
    }
}

/// A YAML or shape error as a diagnostic at the right place.
fn yaml_error(file: &SourceFile, doc: &Document, err: &YamlError) -> SpecDiagnostic {
    let mut inner = err;
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let location = inner.location().or_else(|| err.location()).unwrap_or(Location::UNKNOWN);
    let span = if location.line() == 0 {
        doc.start()
    } else {
        doc.span(&location)
    };
    match inner {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let diagnostic = SpecDiagnostic::error("topicctl::unknown_field", format!("unknown field `{field}`")).at(
                file,
                span,
                "not a field of this document",
            );
            match closest(field, expected.iter().copied()) {
                Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                None => diagnostic.help(format!("expected one of {}", expected.join(", "))),
            }
        }
        YamlError::SerdeMissingField { field, .. } => SpecDiagnostic::error(
            "topicctl::missing_field",
            format!("missing field `{field}`"),
        )
        .at(file, doc.start(), format!("this document needs `{field}`")),
        YamlError::Budget { .. } => SpecDiagnostic::error(
            "topicctl::yaml_limits",
            format!(
                "the document is too large or too deeply nested: {}",
                UserMessageFormatter.format_message(inner)
            ),
        )
        .at(file, span, "limit reached here")
        .help("spec documents are small: check for runaway aliases or nesting"),
        YamlError::InvalidScalar { ty, .. } => {
            let expected = match *ty {
                t if t.starts_with('i') || t.starts_with('u') => "a whole number",
                "bool" | "boolean" => "true or false",
                t if t.starts_with('f') => "a number",
                _ => "a different type",
            };
            SpecDiagnostic::error("topicctl::invalid_type", format!("wrong type: expected {expected}")).at(
                file,
                span,
                format!("not {expected}"),
            )
        }
        YamlError::Unexpected { .. } => SpecDiagnostic::error(
            "topicctl::invalid_type",
            format!("wrong type: {}", UserMessageFormatter.format_message(inner)),
        )
        .at(file, span, "this value"),
        other if UserMessageFormatter.format_message(other).starts_with("invalid type") => SpecDiagnostic::error(
            "topicctl::invalid_type",
            format!(
                "wrong type: {}",
                UserMessageFormatter
                    .format_message(other)
                    .trim_start_matches("invalid type: ")
            ),
        )
        .at(file, span, "this value"),
        _ => SpecDiagnostic::error(
            "topicctl::yaml_syntax",
            format!("invalid YAML: {}", UserMessageFormatter.format_message(inner)),
        )
        .at(file, span, "here"),
    }
}
