//! A saved plan is applied only if neither the specs nor the cluster moved since it was made, and only if it was
//! made with this version's fingerprint encoding.

use crate::diff::{FINGERPRINT_VERSION, Plan, is_current_encoding};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum StalePlan {
    #[error(
        "the saved plan was made by an older topicctl (its fingerprints are not encoding version \
         {FINGERPRINT_VERSION}); run `topicctl plan` again"
    )]
    #[diagnostic(code(topicctl::saved_plan::older_version))]
    OlderVersion,
    #[error("the saved plan is stale: the specs changed since it was made; run `topicctl plan` again")]
    SpecsChanged,
    #[error("the saved plan is stale: the cluster changed since it was made; run `topicctl plan` again")]
    ClusterChanged,
}

/// Refuse a saved plan whose fingerprints differ from those of the plan made now.
/// `live` and `desired` are the fingerprints the saved plan carries.
pub fn check_saved(live: &str, desired: &str, now: &Plan) -> Result<(), StalePlan> {
    if !is_current_encoding(live) || !is_current_encoding(desired) {
        return Err(StalePlan::OlderVersion);
    }
    if desired != now.desired_fingerprint {
        return Err(StalePlan::SpecsChanged);
    }
    if live != now.live_fingerprint {
        return Err(StalePlan::ClusterChanged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{StalePlan, check_saved};
    use crate::diff::{Options, plan};
    use crate::model::state::State;

    #[test]
    fn refuses_older_encodings_and_moved_states() {
        let now = plan(&State::default(), &State::default(), &Options::default());
        let saved = |live: &str, desired: &str| check_saved(live, desired, &now);
        assert_eq!(saved(&now.live_fingerprint, &now.desired_fingerprint), Ok(()));
        let old = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(saved(old, old), Err(StalePlan::OlderVersion));
        let other = format!("v2:{}", "0".repeat(64));
        assert_eq!(saved(&now.live_fingerprint, &other), Err(StalePlan::SpecsChanged));
        assert_eq!(saved(&other, &now.desired_fingerprint), Err(StalePlan::ClusterChanged));
    }
}
