//! API version negotiation: the highest version both we and the broker speak, never a hard-coded one.

use std::collections::BTreeMap;

use kafka_protocol::messages::ApiKey;
use kafka_protocol::protocol::VersionRange;

/// The version range a broker advertised for each API key (from its `ApiVersions` response).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokerVersions(pub BTreeMap<i16, (i16, i16)>);

/// Why no version could be agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCommonVersion {
    pub api: String,
    pub ours: String,
    pub theirs: String,
}

pub fn api_name(key: i16) -> String {
    ApiKey::try_from(key).map_or_else(|_| format!("API {key}"), |k| format!("{k:?}"))
}

impl BrokerVersions {
    pub fn negotiate(&self, key: i16, ours: VersionRange) -> Result<i16, NoCommonVersion> {
        let no = |theirs: String| NoCommonVersion {
            api: api_name(key),
            ours: format!("{}-{}", ours.min, ours.max),
            theirs,
        };
        let Some(&(min, max)) = self.0.get(&key) else {
            return Err(no("none".into()));
        };
        let version = ours.max.min(max);
        if version < ours.min.max(min) {
            Err(no(format!("{min}-{max}")))
        } else {
            Ok(version)
        }
    }
}

#[cfg(test)]
mod tests {
    use kafka_protocol::protocol::VersionRange;

    use super::BrokerVersions;

    #[test]
    fn picks_the_highest_common_version_or_explains_why_none() {
        let broker = BrokerVersions([(3, (4, 12)), (19, (2, 7))].into_iter().collect());
        assert_eq!(broker.negotiate(3, VersionRange { min: 0, max: 13 }), Ok(12));
        assert_eq!(broker.negotiate(19, VersionRange { min: 0, max: 5 }), Ok(5));
        let err = broker.negotiate(3, VersionRange { min: 0, max: 3 }).unwrap_err();
        assert_eq!(
            (err.api.as_str(), err.ours.as_str(), err.theirs.as_str()),
            ("Metadata", "0-3", "4-12")
        );
        assert_eq!(
            broker
                .negotiate(50, VersionRange { min: 0, max: 1 })
                .unwrap_err()
                .theirs,
            "none"
        );
    }
}
