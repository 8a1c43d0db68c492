//! A stable digest of a state, so a saved plan can be refused when the cluster or the specs moved since.

use sha2::{Digest, Sha256};

use crate::model::state::State;

/// Hex SHA-256 over a canonical rendering of the topics (sorted maps make it stable).
pub fn fingerprint(state: &State) -> String {
    let mut hasher = Sha256::new();
    for topic in state.topics.values() {
        hasher.update(format!(
            "topic\0{}\0{}\0{}\n",
            topic.name, topic.partitions, topic.replication_factor
        ));
        for (k, v) in &topic.config {
            hasher.update(format!("config\0{k}\0{v}\n"));
        }
    }
    for acl in &state.acls {
        hasher.update(format!("acl\0{acl:?}\n"));
    }
    for user in state.users.values() {
        for (mechanism, c) in &user.credentials {
            // Never the password: only what the cluster shows and whether the desired one logs in.
            hasher.update(format!(
                "user\0{}\0{}\0{}\0{:?}\n",
                user.name,
                mechanism.name(),
                c.iterations,
                c.password_matches
            ));
        }
    }
    for (entity, values) in &state.quotas {
        hasher.update(format!("quota\0{entity:?}\0{values:?}\n"));
    }
    for subject in state.subjects.values() {
        hasher.update(format!("subject\0{subject:?}\n"));
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::fingerprint;
    use crate::model::state::State;
    use crate::model::topic::Topic;

    #[test]
    fn changes_with_the_state_and_only_then() {
        let mut state = State::default();
        let empty = fingerprint(&state);
        assert_eq!(empty, fingerprint(&State::default()));
        state.topics.insert(
            "a".into(),
            Topic {
                name: "a".into(),
                partitions: 1,
                replication_factor: 1,
                config: Default::default(),
                labels: Default::default(),
            },
        );
        let one = fingerprint(&state);
        assert_ne!(one, empty);
        state
            .topics
            .get_mut("a")
            .unwrap()
            .config
            .insert("retention.ms".into(), "1".into());
        assert_ne!(fingerprint(&state), one);
    }
}
