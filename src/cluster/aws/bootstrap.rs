//! Bootstrap brokers of an MSK cluster (GetBootstrapBrokers), one string per way of authenticating.

use aws_sdk_kafka::Client;

use crate::cluster::aws::errors::sdk_error;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bootstrap {
    pub iam: Option<String>,
    pub scram: Option<String>,
    pub tls: Option<String>,
    pub plaintext: Option<String>,
}

/// How a client authenticates, and so which bootstrap string it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Iam,
    Scram,
    Tls,
    Plaintext,
}

impl Auth {
    pub fn name(self) -> &'static str {
        match self {
            Auth::Iam => "iam",
            Auth::Scram => "scram",
            Auth::Tls => "tls",
            Auth::Plaintext => "plaintext",
        }
    }
}

impl Bootstrap {
    pub fn get(&self, auth: Auth) -> Option<&str> {
        match auth {
            Auth::Iam => self.iam.as_deref(),
            Auth::Scram => self.scram.as_deref(),
            Auth::Tls => self.tls.as_deref(),
            Auth::Plaintext => self.plaintext.as_deref(),
        }
    }

    /// The first string present in IAM, SCRAM, TLS, plaintext order.
    pub fn preferred(&self) -> Option<(Auth, &str)> {
        [Auth::Iam, Auth::Scram, Auth::Tls, Auth::Plaintext]
            .into_iter()
            .find_map(|a| self.get(a).map(|s| (a, s)))
    }

    /// `(iam, b-1…:9098,…)` pairs for display, in that order.
    pub fn entries(&self) -> Vec<(Auth, &str)> {
        [Auth::Iam, Auth::Scram, Auth::Tls, Auth::Plaintext]
            .into_iter()
            .filter_map(|a| self.get(a).map(|s| (a, s)))
            .collect()
    }
}

pub async fn get(client: &Client, arn: &str) -> miette::Result<Bootstrap> {
    let out = client
        .get_bootstrap_brokers()
        .cluster_arn(arn)
        .send()
        .await
        .map_err(|e| sdk_error("GetBootstrapBrokers", e))?;
    let s = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(Bootstrap {
        iam: s(out.bootstrap_broker_string_sasl_iam()),
        scram: s(out.bootstrap_broker_string_sasl_scram()),
        tls: s(out.bootstrap_broker_string_tls()),
        plaintext: s(out.bootstrap_broker_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::{Auth, Bootstrap};

    #[test]
    fn iam_is_preferred_then_scram_then_tls() {
        let b = Bootstrap {
            scram: Some("s:9096".into()),
            tls: Some("t:9094".into()),
            ..Default::default()
        };
        assert_eq!(b.preferred(), Some((Auth::Scram, "s:9096")));
        assert_eq!(Bootstrap::default().preferred(), None);
    }
}
