//! What a change does to its resource, as a closed set (Terraform's `plans.Action`): the JSON's `actions`, the
//! human view's symbols and the summary's counts all come from this one classification.

use crate::diff::change::{Change, ChangeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Change {
    /// `Create` when the resource has nothing yet, `Delete` when all it has goes, else `Update`.
    pub fn action(&self) -> Action {
        match &self.kind {
            ChangeKind::CreateTopic(_) => Action::Create,
            ChangeKind::UpdateTopic { .. }
            | ChangeKind::Reassign(_)
            | ChangeKind::AwaitReassignment(_)
            | ChangeKind::RemoveThrottles(_) => Action::Update,
            ChangeKind::DeleteTopic { .. } => Action::Delete,
            ChangeKind::Acls { add, remove, had } => counted(add.len(), remove.len(), *had),
            ChangeKind::Credentials { set, delete, had } => counted(set.len(), delete.len(), *had),
            ChangeKind::UpdateSubject { exists: false, .. } => Action::Create,
            ChangeKind::UpdateSubject { .. } => Action::Update,
            ChangeKind::DeleteSubject { .. } => Action::Delete,
            ChangeKind::Quotas { changes, had, .. } => {
                let removed = changes.iter().filter(|c| c.after.is_none()).count();
                counted(changes.len() - removed, removed, *had)
            }
        }
    }
}

/// From how many items a resource had, and how many the change adds and removes.
fn counted(added: usize, removed: usize, had: usize) -> Action {
    match (had, added, removed) {
        (0, _, 0) => Action::Create,
        (h, 0, r) if r == h => Action::Delete,
        _ => Action::Update,
    }
}

#[cfg(test)]
mod tests {
    use super::{Action, counted};

    #[test]
    fn counted_classifies_by_what_is_left() {
        assert_eq!(counted(2, 0, 0), Action::Create);
        assert_eq!(counted(0, 3, 3), Action::Delete);
        assert_eq!(counted(1, 1, 3), Action::Update);
        assert_eq!(counted(0, 1, 3), Action::Update);
        assert_eq!(counted(1, 0, 2), Action::Update);
    }
}
