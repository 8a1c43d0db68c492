//! Reads every `*.yaml` / `*.yml` file under the given folders and parses each document into its raw, spanned
//! form. Problems (unreadable files, syntax, unknown fields, wrong types, unknown kinds) become diagnostics;
//! loading goes on. Which files: `walk`; reading them on every core: `parallel`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::{Error as YamlError, Location, MessageFormatter, UserMessageFormatter};

use crate::files;
use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::parallel;
use crate::spec::raw::{KINDS, Probe, RawDoc, RawEnvironment, RawPrincipal, RawQuota, RawSubject, RawTopic, RawUser};
use crate::spec::source::{Document, SourceFile};
use crate::spec::walk::{self, SpecPath};

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

/// Load every spec file under `roots` (folders, searched recursively, or single files), in path order. A file
/// reached twice (through a link) is loaded once.
pub fn load(roots: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut paths = walk::find(roots, &mut loaded.diagnostics);
    paths.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen = BTreeSet::new();
    paths.retain(|p| seen.insert(std::fs::canonicalize(&p.path).unwrap_or_else(|_| p.path.clone())));
    for result in parallel::map(&paths, load_file, lost) {
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

/// A file whose loading panicked: an error, so the command fails instead of going on without its documents.
fn lost(spec: &SpecPath) -> FileResult {
    FileResult {
        diagnostics: vec![
            SpecDiagnostic::error(
                "topicctl::load_failed",
                format!("loading {} failed with an internal error", spec.path.display()),
            )
            .help("this is a bug in topicctl: please report it with the file"),
        ],
        ..FileResult::default()
    }
}

fn load_file(spec: &SpecPath) -> FileResult {
    let mut result = FileResult::default();
    let path = &spec.path;
    let text = match files::read_regular_text(path, files::SPEC_CAP) {
        Ok(text) => text,
        Err(e) => {
            result.diagnostics.push(SpecDiagnostic::file(&e, "spec"));
            return result;
        }
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = SourceFile::new(path.display().to_string(), text, dir, spec.root.clone());
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
            SpecDiagnostic::error("topicctl::invalid_type", format!("wrong type: expected {expected}"))
                .at(file, span, format!("not {expected}"))
                .help(match expected {
                    "a whole number" => "write a whole number in digits, without quotes, e.g. `partitions: 12`",
                    "true or false" => "write true or false without quotes",
                    _ => "`topicctl schema` prints the JSON Schema of every document kind",
                })
        }
        YamlError::Unexpected { .. } => SpecDiagnostic::error(
            "topicctl::invalid_type",
            format!("wrong type: {}", UserMessageFormatter.format_message(inner)),
        )
        .at(file, span, "this value")
        .help("`topicctl schema` prints the JSON Schema of every document kind, with the type of each field"),
        other if UserMessageFormatter.format_message(other).starts_with("invalid type") => SpecDiagnostic::error(
            "topicctl::invalid_type",
            format!(
                "wrong type: {}",
                UserMessageFormatter
                    .format_message(other)
                    .trim_start_matches("invalid type: ")
            ),
        )
        .at(file, span, "this value")
        .help("a list is written `[a, b]` or as `- a` lines, a mapping as `key: value` lines; `topicctl schema` says which each field is"),
        _ => SpecDiagnostic::error(
            "topicctl::yaml_syntax",
            format!("invalid YAML: {}", UserMessageFormatter.format_message(inner)),
        )
        .at(file, span, "here")
        .help(
            "check the indentation (spaces, not tabs) and the quoting at the marked place: a value holding `: ` or \
             ` #`, or starting with `{`, `[`, `*`, `&` or `!`, must be quoted",
        ),
    }
}
