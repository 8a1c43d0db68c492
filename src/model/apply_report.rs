//! What an apply did: every step of the plan, applied, failed (with the broker's message) or not attempted.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    Failed(String),
    NotAttempted,
}

/// One unit of work, e.g. "create topic a.b.c".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportStep {
    pub description: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// In the order they were (or would have been) carried out.
    pub steps: Vec<ReportStep>,
}

impl Report {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.steps.iter().filter(|s| f(&s.outcome)).count()
    }

    pub fn failed(&self) -> bool {
        self.steps.iter().any(|s| s.outcome != Outcome::Applied)
    }
}
