//! MSK IAM authentication: an OAUTHBEARER `TokenProvider` whose token is the one AWS's official signers make — a
//! SigV4-presigned `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect` (service
//! `kafka-cluster`, `X-Amz-Expires=900`, the SHA-256 of the empty body as payload hash (as botocore does:
//! `UNSIGNED-PAYLOAD` gives another signature), `host` the only signed header) with a `User-Agent`
//! query parameter added after signing, base64url-encoded without padding. Signed with `aws-sigv4` (pure Rust).
//! Tokens are cached and made anew when less than a fifth of their life is left (or the credentials expire).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::cluster::config::{OAuthToken, TokenFuture, TokenProvider};
use crate::model::secret::Secret;

/// How long a token is valid for (the value AWS's signers use).
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(900);
/// The `User-Agent` query parameter.
pub const USER_AGENT: &str = concat!("topicctl/", env!("CARGO_PKG_VERSION"));

/// A signed token and when it stops being accepted.
#[derive(Debug, Clone)]
pub struct SignedToken {
    pub token: Secret,
    pub expires: SystemTime,
}

/// Signs an MSK IAM token for `region` at time `now`.
pub fn sign_token(credentials: &Credentials, region: &str, now: SystemTime) -> Result<SignedToken, String> {
    let host = format!("kafka.{region}.amazonaws.com");
    if region.is_empty() || !region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("`{region}` is not an AWS region"));
    }
    let url = format!("https://{host}/?Action=kafka-cluster%3AConnect");
    let identity: Identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(TOKEN_LIFETIME);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("kafka-cluster")
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| format!("cannot sign the MSK IAM token: {e}"))?
        .into();
    let signable = SignableRequest::new("GET", &url, std::iter::empty(), SignableBody::Bytes(&[]))
        .map_err(|e| format!("cannot sign the MSK IAM token: {e}"))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| format!("cannot sign the MSK IAM token: {e}"))?
        .into_parts();
    let mut request = http::Request::builder()
        .method("GET")
        .uri(&url)
        .body(())
        .map_err(|e| format!("cannot sign the MSK IAM token: {e}"))?;
    instructions.apply_to_request_http1x(&mut request);
    let signed = format!("{}&User-Agent={}", request.uri(), USER_AGENT.replace('/', "%2F"));
    let mut expires = now + TOKEN_LIFETIME;
    if let Some(creds_expire) = credentials.expiry() {
        expires = expires.min(creds_expire);
    }
    Ok(SignedToken {
        token: Secret::new(URL_SAFE_NO_PAD.encode(signed)),
        expires,
    })
}

/// Whether a token made for `expires` should be made anew at `now`: less than a fifth of its life left.
pub fn needs_refresh(expires: SystemTime, now: SystemTime) -> bool {
    match expires.duration_since(now) {
        Ok(left) => left < TOKEN_LIFETIME / 5,
        Err(_) => true,
    }
}

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// OAUTHBEARER tokens for MSK IAM, from a credentials provider (the SDK's default chain in practice).
pub struct MskIamTokenProvider {
    credentials: SharedCredentialsProvider,
    region: String,
    clock: Clock,
    cached: tokio::sync::Mutex<Option<(SignedToken, String)>>,
}

impl MskIamTokenProvider {
    pub fn new(credentials: SharedCredentialsProvider, region: impl Into<String>) -> Self {
        Self::with_clock(credentials, region, Arc::new(SystemTime::now))
    }

    /// A provider on an SDK configuration's credentials chain and region; `region_help` says where a missing region
    /// can be set.
    pub fn from_sdk_config(sdk: &aws_config::SdkConfig, region_help: &str) -> Result<Self, String> {
        let credentials = sdk
            .credentials_provider()
            .ok_or_else(|| "no AWS credentials provider for MSK IAM".to_owned())?;
        let region = sdk
            .region()
            .map(|r| r.to_string())
            .ok_or_else(|| format!("no AWS region for MSK IAM ({region_help})"))?;
        Ok(Self::new(credentials, region))
    }

    pub fn with_clock(credentials: SharedCredentialsProvider, region: impl Into<String>, clock: Clock) -> Self {
        MskIamTokenProvider {
            credentials,
            region: region.into(),
            clock,
            cached: tokio::sync::Mutex::new(None),
        }
    }

    async fn fresh(&self) -> Result<OAuthToken, String> {
        let mut cached = self.cached.lock().await;
        let now = (self.clock)();
        if let Some((token, principal)) = cached.as_ref()
            && !needs_refresh(token.expires, now)
        {
            return Ok(oauth(token, principal));
        }
        // The SDK's messages name the provider that failed, never a secret.
        let credentials = self.credentials.provide_credentials().await.map_err(|e| {
            format!(
                "no AWS credentials for MSK IAM: {}",
                aws_sdk_kafka::error::DisplayErrorContext(e)
            )
        })?;
        let token = sign_token(&credentials, &self.region, now)?;
        let principal = credentials.access_key_id().to_owned();
        let result = oauth(&token, &principal);
        *cached = Some((token, principal));
        Ok(result)
    }
}

fn oauth(token: &SignedToken, principal: &str) -> OAuthToken {
    OAuthToken {
        value: token.token.clone(),
        principal: principal.to_owned(),
        extensions: Default::default(),
    }
}

impl TokenProvider for MskIamTokenProvider {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.fresh())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use aws_credential_types::Credentials;
    use aws_credential_types::provider::SharedCredentialsProvider;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::{MskIamTokenProvider, needs_refresh, sign_token};
    use crate::cluster::config::TokenProvider;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn creds(session: Option<&str>) -> Credentials {
        Credentials::new("AKIDEXAMPLE", SECRET, session.map(str::to_owned), None, "test")
    }

    fn decode(token: &str) -> String {
        String::from_utf8(URL_SAFE_NO_PAD.decode(token).unwrap()).unwrap()
    }

    #[test]
    fn token_is_a_presigned_connect_url() {
        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let t = sign_token(&creds(Some("SESSIONTOKEN")), "eu-central-1", at).unwrap();
        let url = decode(t.token.expose());
        assert!(
            url.starts_with("https://kafka.eu-central-1.amazonaws.com/?Action=kafka-cluster%3AConnect&"),
            "{url}"
        );
        for part in [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=AKIDEXAMPLE%2F20231114%2Feu-central-1%2Fkafka-cluster%2Faws4_request",
            "X-Amz-Date=20231114T221320Z",
            "X-Amz-Expires=900",
            "X-Amz-SignedHeaders=host",
            "X-Amz-Security-Token=SESSIONTOKEN",
            "X-Amz-Signature=",
        ] {
            assert!(url.contains(part), "{part} missing from {url}");
        }
        assert!(url.ends_with("&User-Agent=topicctl%2F0.1.0"), "{url}");
        assert!(!url.contains(SECRET) && !t.token.expose().contains('='));
        assert_eq!(t.expires, at + Duration::from_secs(900));
    }

    #[test]
    fn a_bad_region_is_an_error_not_a_panic() {
        assert!(sign_token(&creds(None), "eu central/1", SystemTime::now()).is_err());
        assert!(sign_token(&creds(None), "", SystemTime::now()).is_err());
    }

    #[test]
    fn refresh_when_a_fifth_of_the_life_is_left() {
        let at = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let expires = at + Duration::from_secs(900);
        assert!(!needs_refresh(expires, at));
        assert!(!needs_refresh(expires, at + Duration::from_secs(719)));
        assert!(needs_refresh(expires, at + Duration::from_secs(721)));
        assert!(needs_refresh(expires, at + Duration::from_secs(5000)));
    }

    #[tokio::test]
    async fn provider_caches_then_refreshes_before_expiry() {
        let secs = Arc::new(AtomicU64::new(1_700_000_000));
        let clock_secs = secs.clone();
        let provider = MskIamTokenProvider::with_clock(
            SharedCredentialsProvider::new(creds(None)),
            "us-east-1",
            Arc::new(move || UNIX_EPOCH + Duration::from_secs(clock_secs.load(Ordering::SeqCst))),
        );
        let first = provider.token().await.unwrap();
        assert_eq!(first.principal, "AKIDEXAMPLE");
        secs.fetch_add(600, Ordering::SeqCst);
        let cached = provider.token().await.unwrap();
        assert_eq!(cached.value.expose(), first.value.expose(), "reused within its life");
        secs.fetch_add(200, Ordering::SeqCst);
        let renewed = provider.token().await.unwrap();
        assert_ne!(renewed.value.expose(), first.value.expose(), "made anew near expiry");
        assert!(decode(renewed.value.expose()).contains("X-Amz-Date=20231114T222640Z"));
    }

    #[tokio::test]
    async fn expiring_credentials_shorten_the_token_life() {
        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let c = Credentials::new("AKID", SECRET, None, Some(at + Duration::from_secs(60)), "test");
        assert_eq!(
            sign_token(&c, "us-east-1", at).unwrap().expires,
            at + Duration::from_secs(60)
        );
    }
}
