//! The command-line surface, as clap structs. Turned into validated settings before any logic runs.

use std::path::PathBuf;

mod env_names;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use crate::cluster::connect::endpoints::Endpoints;

/// What `--version` prints after the name: the version, the commit and the Kafka the tests run (see `build.rs`; the
/// MSK API is tested against a mock, moto).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("TOPICCTL_COMMIT"),
    ", tested with Apache Kafka ",
    env!("TOPICCTL_KAFKA_VERSION"),
    "; AWS MSK API against the moto mock)"
);

/// The variable that turns a run into a shell-completion request (clap_complete's dynamic completion); the scripts
/// `topicctl completions SHELL` prints set it.
pub const COMPLETE_VAR: &str = "TOPICCTL_COMPLETE";

/// Completes an ENV argument with the environment names of the specs.
fn env_candidates() -> ArgValueCandidates {
    ArgValueCandidates::new(env_names::candidates)
}

#[derive(Debug, Parser)]
#[command(
    name = "topicctl",
    version = VERSION,
    about = "Plan and apply Kafka topics, ACLs and schema subjects from YAML specs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the specs without a cluster: every problem, with file, line and column.
    Validate(ValidateArgs),
    /// Print the JSON Schema of a spec document (for editors with the YAML language server).
    Schema,
    /// Show what apply would change in an environment's cluster.
    Plan(PlanArgs),
    /// Make the changes: exactly the plan, after confirmation (or a saved plan file).
    Apply(ApplyArgs),
    /// Write Topic specs for the topics that already exist, to adopt topicctl on a running cluster.
    Import(ImportArgs),
    /// Bring up the environment's local cluster if it is not running, then apply the specs.
    Up(UpArgs),
    /// The health of what the specs declare: topics' replication, consumer groups' lag, drift (exit 3: unhealthy).
    Status(StatusArgs),
    /// Inspect and manage clusters.
    Cluster {
        #[command(subcommand)]
        command: ClusterCommand,
    },
    /// Print a shell completion script (environment names complete from the specs in `-f DIR` or `specs/`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `topicctl.1` and one page per command and subcommand (`topicctl-cluster-up.1`, …) into this folder
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Print the cluster id, the controller and every broker with its address and rack.
    Info(ClusterInfoArgs),
    /// Create (or complete) the brokers the environment's `provision` block describes; harmless when they run.
    Up(ClusterUpArgs),
    /// Remove the environment's provisioned cluster and its data (asks first; without a terminal needs --force).
    Down(ClusterDownArgs),
    /// Say whether the environment's provisioned cluster exists and is ready, and where it listens.
    Status(ClusterStatusArgs),
    /// Print the Kubernetes (Strimzi) manifests of a `provision.kubernetes` environment, for GitOps repositories.
    Render(ClusterRenderArgs),
}

#[derive(Debug, Args)]
pub struct ClusterUpArgs {
    /// The environment whose cluster to create.
    #[arg(add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub specs: SpecArgs,
    /// Kubernetes: take over fields another field manager (Argo CD, Flux, kubectl) owns, instead of stopping at
    /// the conflict.
    #[arg(long)]
    pub force_conflicts: bool,
}

#[derive(Debug, Args)]
pub struct ClusterDownArgs {
    /// The environment whose cluster to remove.
    #[arg(add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub specs: SpecArgs,
    /// Do not ask: remove the cluster and its data (needed when there is no terminal).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ClusterStatusArgs {
    /// The environment whose cluster to report.
    #[arg(add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub specs: SpecArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ClusterRenderArgs {
    /// The environment to render.
    #[arg(add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub specs: SpecArgs,
}

#[derive(Debug, Args)]
pub struct ClusterInfoArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How to reach a cluster directly (without an Environment spec).
#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Bootstrap addresses, HOST:PORT[,HOST:PORT…].
    #[arg(long, env = "TOPICCTL_BOOTSTRAP", value_name = "ADDRS")]
    pub bootstrap: String,
    /// A Kafka client property, e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512. Repeatable.
    #[arg(short = 'X', long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// A Java-style properties file with client properties (as Kafka's own tools take).
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Where the specs are, and which variables they may read.
#[derive(Debug, Clone, Args)]
pub struct SpecArgs {
    /// A folder of *.yaml / *.yml spec files (searched recursively) or one file. Repeatable.
    #[arg(short = 'f', long = "file", value_name = "DIR", default_value = "specs")]
    pub files: Vec<PathBuf>,
    /// An environment variable the specs may read (`${NAME}`, a user's `passwordEnv`). Repeatable; added to those
    /// TOPICCTL_VARS names (comma-separated). Variables named TOPICCTL_VAR_* are always allowed; no others.
    #[arg(long = "var", value_name = "NAME")]
    pub vars: Vec<String>,
}

impl SpecArgs {
    /// The variables the specs may read: `--var` and `TOPICCTL_VARS`.
    pub fn allowed_variables(&self) -> Vec<String> {
        let listed = std::env::var("TOPICCTL_VARS").unwrap_or_default();
        names(self.vars.iter().map(String::as_str).chain(listed.split(',')))
    }
}

/// Where credentials may go.
#[derive(Debug, Clone, Default, Args)]
pub struct EndpointArgs {
    /// An endpoint that may receive credentials: HOST:PORT or a registry's SCHEME://HOST:PORT, `*` matching
    /// anything (e.g. `*.kafka.eu-west-1.amazonaws.com:*`). Repeatable; added to TOPICCTL_ALLOWED_ENDPOINTS
    /// (comma-separated). With neither, every endpoint is allowed: CI that plans pull requests should set it.
    #[arg(long = "allow-endpoint", value_name = "PATTERN")]
    pub allow_endpoints: Vec<String>,
}

impl EndpointArgs {
    /// `--allow-endpoint` and `TOPICCTL_ALLOWED_ENDPOINTS` (set, even empty, restricts).
    pub fn policy(&self) -> Endpoints {
        let listed = std::env::var("TOPICCTL_ALLOWED_ENDPOINTS").ok();
        if self.allow_endpoints.is_empty() && listed.is_none() {
            return Endpoints::any();
        }
        let listed = listed.unwrap_or_default();
        Endpoints::only(names(
            self.allow_endpoints.iter().map(String::as_str).chain(listed.split(',')),
        ))
    }
}

/// The non-empty, trimmed names, sorted and once each.
fn names<'a>(all: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: std::collections::BTreeSet<String> = all
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    set.into_iter().collect()
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub specs: SpecArgs,
    /// Only this environment (default: every environment).
    #[arg(long, value_name = "ENV", add = env_candidates())]
    pub env: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
    Markdown,
}

/// What plan and apply both take: the specs, the environment and what may be deleted.
#[derive(Debug, Clone, Args)]
pub struct PlanTarget {
    #[command(flatten)]
    pub specs: SpecArgs,
    /// The environment to plan for.
    #[arg(long, value_name = "ENV", add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub pruning: PruningArgs,
    #[command(flatten)]
    pub replicas: ReplicaArgs,
    #[command(flatten)]
    pub endpoints: EndpointArgs,
}

/// Replica moves from the command line, over the environment's `replicas:` block.
#[derive(Debug, Clone, Default, Args)]
pub struct ReplicaArgs {
    /// Move every replica off this broker (repeatable), as `replicas.drainBrokers` does.
    #[arg(long = "drain-broker", value_name = "ID", value_parser = clap::value_parser!(i32).range(0..))]
    pub drain_brokers: Vec<i32>,
    /// Replication rate of reassignments in MiB/s per broker (default: replicas.throttleMiBps, else 50).
    #[arg(long, value_name = "MIBPS", value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    pub throttle: Option<u32>,
    /// Also move replicas that break the placement rule (placement drift; off by default: it copies data).
    #[arg(long)]
    pub fix_placement: bool,
}

impl ReplicaArgs {
    /// The environment's replica policy with the command line on top.
    pub fn over(&self, policy: &crate::model::replicas::ReplicaPolicy) -> crate::model::replicas::ReplicaPolicy {
        let mut out = policy.clone();
        out.drain_brokers.extend(self.drain_brokers.iter().copied());
        out.throttle_mib = self.throttle.or(policy.throttle_mib);
        out.fix_placement |= self.fix_placement;
        out
    }
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub target: PlanTarget,
    /// Save the plan (JSON, with fingerprints of the cluster and the specs) for `apply PLANFILE`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Exit 2 when there are changes (0 none, 1 error or blocked changes).
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// Resources per request, unless `--batch-size` says otherwise.
pub const DEFAULT_BATCH_SIZE: u16 = 100;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub target: PlanTarget,
    /// Do not ask for confirmation (needed when there is no terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// Resources per request (smaller batches spread the load on a busy cluster).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH_SIZE, value_parser = clap::value_parser!(u16).range(1..))]
    pub batch_size: u16,
    /// A plan saved with `plan --out`: applied only if neither the cluster nor the specs moved since.
    pub plan_file: Option<PathBuf>,
    /// Cancel the reassignments in flight of the declared topics (their replicas go back) and remove the
    /// throttles topicctl set for them; nothing else is applied.
    #[arg(long, conflicts_with = "plan_file")]
    pub cancel_reassignments: bool,
}

impl ApplyArgs {
    /// Apply the specs of `env` without asking and without pruning, in default batches (what `topicctl up` does).
    pub fn auto_approved(specs: SpecArgs, env: String, endpoints: EndpointArgs) -> Self {
        ApplyArgs {
            target: PlanTarget {
                specs,
                env,
                pruning: PruningArgs::default(),
                replicas: ReplicaArgs::default(),
                endpoints,
            },
            auto_approve: true,
            batch_size: DEFAULT_BATCH_SIZE,
            plan_file: None,
            cancel_reassignments: false,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub specs: SpecArgs,
    /// The environment whose cluster to read (its connection settings come from the specs).
    #[arg(long, value_name = "ENV", add = env_candidates())]
    pub env: String,
    /// Only topics whose names start with this prefix. Repeatable; default: every non-internal topic.
    #[arg(long = "match", value_name = "PREFIX")]
    pub matches: Vec<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub endpoints: EndpointArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub specs: SpecArgs,
    /// The environment whose cluster to check.
    #[arg(long, value_name = "ENV", add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub endpoints: EndpointArgs,
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

/// `status` output: a table for people (`text` is accepted too), JSON for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    #[value(alias = "text")]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct UpArgs {
    /// The environment to bring up.
    #[arg(add = env_candidates())]
    pub env: String,
    #[command(flatten)]
    pub specs: SpecArgs,
    #[command(flatten)]
    pub endpoints: EndpointArgs,
}

/// What plan and apply may delete.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct PruningArgs {
    /// Also delete what the specs no longer declare (topics and subjects only inside the environment's `owns`
    /// prefixes, bindings of declared principals) and remove config overrides and quota keys the specs do not set.
    #[arg(long)]
    pub prune: bool,
    /// With --prune: delete subjects permanently (hard delete) instead of soft-deleting them.
    #[arg(long, requires = "prune")]
    pub hard_delete: bool,
}

impl From<PruningArgs> for crate::workflow::live_plan::Pruning {
    fn from(p: PruningArgs) -> Self {
        crate::workflow::live_plan::Pruning {
            prune: p.prune,
            hard_delete: p.hard_delete,
        }
    }
}
