//! Validation: raw documents → one `model::State` per environment, with every problem collected.

mod at;
mod config;
mod environment;
mod named_file;
mod principal;
mod provision;
mod range;
mod subject;
mod topic;
mod user;

use std::collections::BTreeMap;

use crate::model::environment::Environment;
use crate::model::state::State;
use crate::model::suggest::closest;
use crate::model::topic_name;
use crate::spec::diagnostic::{self, SpecDiagnostic};
use crate::spec::load::Loaded;
use crate::spec::raw::{RawDoc, Sp};

use self::at::At;
pub use self::environment::variables::Variables;

/// One environment as the specs want it.
#[derive(Debug, Clone)]
pub struct EnvironmentState {
    pub environment: Environment,
    pub state: State,
}

#[derive(Debug, Default)]
pub struct Validated {
    pub environments: BTreeMap<String, EnvironmentState>,
    /// Sorted by file and position.
    pub diagnostics: Vec<SpecDiagnostic>,
}

impl Validated {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(SpecDiagnostic::is_error)
    }
}

fn first_defined(at: At<'_>, span: miette::SourceSpan) -> String {
    let (line, col) = at.file.line_col(span.offset());
    format!("first defined at {}:{line}:{col}", at.file.path)
}

/// Names already defined, with where, to report duplicates against the first definition.
#[derive(Default)]
struct Seen<'a>(BTreeMap<String, (At<'a>, miette::SourceSpan)>);

impl<'a> Seen<'a> {
    /// `true` the first time `name` is seen; afterwards a `duplicate_resource` error and `false`.
    fn first_time(&mut self, what: &str, name: &Sp<String>, at: At<'a>, out: &mut Vec<SpecDiagnostic>) -> bool {
        if let Some((first_at, first_span)) = self.0.get(&name.value) {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::duplicate_resource",
                        format!("{what} `{}` is defined twice", name.value),
                    )
                    .help(first_defined(*first_at, *first_span)),
                    name,
                    "defined again here",
                ),
            );
            return false;
        }
        self.0.insert(name.value.clone(), (at, at.span(name)));
        true
    }
}

/// Validate everything, for every environment or only `only`. `vars` looks up the `${VAR}`s it allows.
pub fn validate(loaded: &Loaded, only: Option<&str>, vars: &Variables<'_>) -> Validated {
    let mut out: Vec<SpecDiagnostic> = loaded.diagnostics.clone();
    let environments = check_environments(loaded, vars, &mut out);
    let env_names: Vec<&str> = environments.keys().map(String::as_str).collect();
    // A file that could not be read and may hold an environment (its text mentions one, or there is no text): then
    // "no such environment" is a cascade of that problem, not a problem of its own, and only the root cause is
    // reported.
    let names_complete = !loaded.diagnostics.iter().any(|d| {
        d.is_error()
            && d.source
                .as_ref()
                .is_none_or(|source| source.inner().contains("Environment"))
    });
    check_presence(loaded, only, &env_names, names_complete, &mut out);
    let known = names_complete.then_some(env_names.as_slice());
    let resources = check_resources(loaded, known, vars, &mut out);
    check_topic_references(&resources, &mut out);
    let mut validated = Validated {
        environments: resolve(&environments, &resources, only, &mut out),
        diagnostics: Vec::new(),
    };
    diagnostic::sort(&mut out);
    validated.diagnostics = out;
    validated
}

/// Every Environment document, checked; a name defined twice is reported against the first.
fn check_environments<'a>(
    loaded: &'a Loaded,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> BTreeMap<String, environment::CheckedEnvironment<'a>> {
    let mut environments: BTreeMap<String, environment::CheckedEnvironment<'_>> = BTreeMap::new();
    for d in &loaded.docs {
        if let RawDoc::Environment(raw) = &d.raw {
            let at = At {
                file: loaded.file(d),
                doc: &d.doc,
            };
            if let Some(first) = environments.get(&raw.name.value) {
                out.push(
                    at.on(
                        SpecDiagnostic::error(
                            "topicctl::duplicate_resource",
                            format!("environment `{}` is defined twice", raw.name.value),
                        )
                        .help(first_defined(first.at, first.at.span(&first.raw.name))),
                        &raw.name,
                        "defined again here",
                    ),
                );
                continue;
            }
            let checked = environment::check(raw, at, vars, out);
            environments.insert(raw.name.value.clone(), checked);
        }
    }
    environments
}

/// Problems of the spec set as a whole: no environment, no files, an unknown `--env`.
fn check_presence(
    loaded: &Loaded,
    only: Option<&str>,
    env_names: &[&str],
    names_complete: bool,
    out: &mut Vec<SpecDiagnostic>,
) {
    if !names_complete {
        return;
    }
    if env_names.is_empty() && !loaded.files.is_empty() {
        out.push(
            SpecDiagnostic::error("topicctl::no_environment", "no `kind: Environment` document was found")
                .help("add one, e.g. `kind: Environment`, `name: dev`, `bootstrap: 127.0.0.1:9092`"),
        );
    }
    if loaded.files.is_empty() && loaded.diagnostics.is_empty() {
        out.push(SpecDiagnostic::error(
            "topicctl::no_spec_files",
            "no *.yaml or *.yml spec files were found",
        ));
    }
    if let Some(wanted) = only.filter(|w| !env_names.contains(w)) {
        let mut d = SpecDiagnostic::error(
            "topicctl::unknown_environment",
            format!("no environment is named `{wanted}`"),
        );
        d = match closest(wanted, env_names.iter().copied()) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d.help(format!("the environments are: {}", env_names.join(", "))),
        };
        out.push(d);
    }
}

/// The resources every environment shares, checked (topics are resolved per environment later).
#[derive(Default)]
struct Resources<'a> {
    topics: BTreeMap<String, topic::CheckedTopic<'a>>,
    principals: Vec<principal::CheckedPrincipal<'a>>,
    subjects: BTreeMap<String, crate::model::subject::Subject>,
    users: BTreeMap<String, crate::model::user::User>,
    quotas: crate::model::user::Quotas,
}

/// `env_names`: every environment, or `None` when some document could not be read (then a topic's block for an
/// unknown environment is not reported: that environment may be in the unreadable document).
fn check_resources<'a>(
    loaded: &'a Loaded,
    env_names: Option<&[&str]>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Resources<'a> {
    let mut r = Resources::default();
    let mut collisions: BTreeMap<String, String> = BTreeMap::new();
    let mut principal_names = Seen::default();
    let mut subject_names = Seen::default();
    let mut user_names = Seen::default();
    for d in &loaded.docs {
        let at = At {
            file: loaded.file(d),
            doc: &d.doc,
        };
        match &d.raw {
            RawDoc::Environment(_) => {}
            RawDoc::Topic(raw) => {
                if check_topic_name(&raw.name, &r.topics, &mut collisions, at, out) {
                    r.topics
                        .insert(raw.name.value.clone(), topic::check(raw, at, env_names, out));
                }
            }
            RawDoc::Principal(raw) => {
                if principal_names.first_time("principal", &raw.name, at, out) {
                    r.principals.push(principal::check(raw, at, out));
                }
            }
            RawDoc::User(raw) => {
                if !user_names.first_time("user", &raw.name, at, out) {
                    continue;
                }
                let checked = user::check_user(raw, at, vars, out);
                if let Some(q) = &raw.quotas {
                    r.quotas
                        .insert(user::user_entity(&checked.name), user::quota_values(q, at, out));
                }
                r.users.insert(checked.name.clone(), checked);
            }
            RawDoc::Quota(raw) => {
                if let Some((entity, values)) = user::check_quota(raw, at, out) {
                    if r.quotas.contains_key(&entity) {
                        out.push(
                            at.on_doc(
                                SpecDiagnostic::error("topicctl::duplicate_resource", "these quotas are defined twice")
                                    .help("merge the two Quota documents of this entity into one"),
                                "again",
                            ),
                        );
                    }
                    r.quotas.insert(entity, values);
                }
            }
            RawDoc::Subject(raw) => {
                if subject_names.first_time("subject", &raw.name, at, out)
                    && let Some(subject) = subject::check(raw, at, out)
                {
                    r.subjects.insert(subject.name.clone(), subject);
                }
            }
        }
    }
    r
}

/// `false` for a topic defined twice (reported); warns when two names differ only in `.` and `_`.
fn check_topic_name(
    name: &Sp<String>,
    topics: &BTreeMap<String, topic::CheckedTopic<'_>>,
    collisions: &mut BTreeMap<String, String>,
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> bool {
    if let Some(first) = topics.get(&name.value) {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::duplicate_resource",
                    format!("topic `{}` is defined twice", name.value),
                )
                .help(first_defined(first.at, first.at.span(&first.raw.name))),
                name,
                "defined again here",
            ),
        );
        return false;
    }
    let key = topic_name::collision_key(&name.value);
    if let Some(other) = collisions.get(&key) {
        out.push(
            at.on(
                SpecDiagnostic::warning(
                    "topicctl::topic_name_collision",
                    format!("topics `{}` and `{other}` differ only in `.` and `_`", name.value),
                )
                .help("Kafka's metric names treat `.` and `_` alike, so the two collide; rename one"),
                name,
                "collides",
            ),
        );
    }
    collisions.insert(key, name.value.clone());
    true
}

/// A principal's ACL on a topic no spec defines is a warning (fine if the topic is managed elsewhere).
fn check_topic_references(r: &Resources<'_>, out: &mut Vec<SpecDiagnostic>) {
    for p in &r.principals {
        for (reference, at) in &p.topic_refs {
            let name = &reference.value;
            let defined = match name.strip_suffix('*') {
                Some(prefix) => r.topics.keys().any(|t| t.starts_with(prefix)),
                None => r.topics.contains_key(name),
            };
            if !defined {
                out.push(
                    at.on(
                        SpecDiagnostic::warning("topicctl::undefined_topic", format!("no spec defines topic `{name}`"))
                            .help("fine if the topic is managed elsewhere; otherwise check the name"),
                        reference,
                        "not defined by these specs",
                    ),
                );
            }
        }
    }
}

/// One `State` per environment (or only `only`): the shared resources plus the topics resolved for it.
fn resolve(
    environments: &BTreeMap<String, environment::CheckedEnvironment<'_>>,
    r: &Resources<'_>,
    only: Option<&str>,
    out: &mut Vec<SpecDiagnostic>,
) -> BTreeMap<String, EnvironmentState> {
    let acls: std::collections::BTreeSet<_> = r.principals.iter().flat_map(|p| p.bindings.iter().cloned()).collect();
    let mut resolved = BTreeMap::new();
    for (name, env) in environments {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let mut state = State {
            acls: acls.clone(),
            subjects: r.subjects.clone(),
            users: r.users.clone(),
            quotas: r.quotas.clone(),
            ..State::default()
        };
        for t in r.topics.values() {
            if let Some(topic) = topic::resolve(t, env, out) {
                state.topics.insert(topic.name.clone(), topic);
            }
        }
        resolved.insert(
            name.clone(),
            EnvironmentState {
                environment: env.environment.clone(),
                state,
            },
        );
    }
    resolved
}
