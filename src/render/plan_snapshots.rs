//! Snapshots of the three renderings of one plan holding every change kind, a blocked change and a note.

use crate::diff::example_plan::every_kind;
use crate::diff::tests::{state, topic};
use crate::diff::{Options, plan};

#[test]
fn text() {
    insta::assert_snapshot!(crate::render::plan_text::render(&every_kind(), false));
}

#[test]
fn json() {
    insta::assert_snapshot!(crate::render::plan_json::render(&every_kind()));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(crate::render::plan_markdown::render(&every_kind()));
}

#[test]
fn passwords_never_render() {
    let p = every_kind();
    for text in [
        crate::render::plan_text::render(&p, false),
        crate::render::plan_json::render(&p),
        crate::render::plan_markdown::render(&p),
    ] {
        assert!(!text.contains("s3cret-never-shown"));
    }
}

#[test]
fn no_changes() {
    let s = state(vec![topic("shop.a", 1, 1, &[])]);
    let p = plan(&s, &s, &Options::default());
    assert_eq!(
        crate::render::plan_text::render(&p, false),
        "No changes. The cluster matches the specs.\n"
    );
}

#[test]
fn colour_only_when_asked() {
    let p = every_kind();
    assert!(!crate::render::plan_text::render(&p, false).contains('\x1b'));
    assert!(crate::render::plan_text::render(&p, true).contains("\x1b[32m+\x1b[0m"));
}

#[test]
fn spec_values_reach_the_terminal_escaped() {
    let mut p = every_kind();
    p.environment = "dev\u{1b}]0;pwned\u{7}".into();
    let text = crate::render::plan_text::render(&p, true);
    assert!(
        text.contains("dev\\u{1b}]0;pwned\\u{7}") && !text.contains("\u{1b}]"),
        "{text}"
    );
    assert!(text.contains("\u{1b}[1m"), "our own colours stay: {text}");
    let markdown = crate::render::plan_markdown::render(&p);
    assert!(
        markdown.contains("dev\\u{1b}]0;pwned\\u{7}") && !markdown.contains('\u{1b}'),
        "{markdown}"
    );
}
