//! The layering, enforced: every file under `src/` is read, every `crate::` path in it (in `use` lines, re-exports
//! and inline paths, braces expanded) and every `super::` chain that climbs out of its folder is resolved to the
//! top-level module it names, and a module may only reach layers below its own (or its own folder).
//!
//! ```text
//! commands                                       4
//! cli (the argument structs)                     3
//! apply, render, provision, workflow             2
//! cluster, diff, spec                            1
//! model, error, files                            0
//! ```
//! See ARCHITECTURE.md.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn layer(module: &str) -> Option<u8> {
    Some(match module {
        "model" | "error" | "files" => 0,
        "cluster" | "diff" | "spec" => 1,
        "apply" | "render" | "provision" | "workflow" => 2,
        "cli" => 3,
        "commands" => 4,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `src/diff/plan.rs` is `[diff, plan]`, `src/diff/mod.rs` is `[diff]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib" || l == "main") {
        parts.pop();
    }
    parts
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segment of every item of a `{a, b::c, d::{e}}` group, `rest` starting after the `{`.
fn group_heads(rest: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start && depth == 0 => {
                let id = ident(&rest[i..]);
                if !id.is_empty() {
                    heads.push(id.to_owned());
                }
                at_item_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The top-level modules a file's code refers to.
fn references(text: &str, module: &[String]) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // e.g. `topicctl_crate::`
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            found.extend(group_heads(group));
        } else {
            found.insert(ident(rest).to_owned());
        }
    }
    // `super::super::x` climbing out of the file's top-level module lands on `x` (or a group) at the crate root.
    for (i, _) in code.match_indices("super::") {
        if i > 0 && code[..i].ends_with("super::") {
            continue; // counted from the first `super::` of the chain
        }
        let mut rest = &code[i..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        // A file's own module is `module`; `super` of it is its parent. Reaching the crate root needs as many
        // `super`s as the module path is long.
        if ups >= module.len() {
            if let Some(group) = rest.strip_prefix('{') {
                found.extend(group_heads(group));
            } else {
                found.insert(ident(rest).to_owned());
            }
        }
    }
    found.retain(|m| layer(m).is_some());
    found
}

#[test]
fn no_module_imports_a_layer_above_or_beside_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "read the source tree: {} files", files.len());
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_path(relative);
        let Some(own) = module.first() else { continue };
        let Some(own_layer) = layer(own) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        for target in references(&text, &module) {
            let target_layer = layer(&target).unwrap();
            if &target != own && target_layer >= own_layer {
                violations.push(format!(
                    "{} (layer {own_layer}) uses crate::{target} (layer {target_layer})",
                    relative.display()
                ));
            }
        }
    }
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}

#[test]
fn the_scanner_sees_groups_inline_paths_and_super_chains() {
    let module = vec!["diff".to_owned(), "plan".to_owned()];
    let text = "use crate::{model::state::State, render::plan_text};\n\
                fn f() { crate::apply::execute(); }\n\
                // crate::commands in a comment does not count\n\
                use super::super::provision::x;\n\
                use super::topics;\n";
    let found: Vec<String> = references(text, &module).into_iter().collect();
    assert_eq!(found, ["apply", "model", "provision", "render"]);
}
