//! A pure SCRAM client (RFC 5802, RFC 7677) for SASL `SCRAM-SHA-256` and `SCRAM-SHA-512` as Kafka uses
//! them (KIP-84). No I/O: the caller moves the messages over the wire.
//!
//! The exchange is:
//!
//! 1. [`ScramClient::client_first`] → send to the broker;
//! 2. the broker's server-first message → [`ScramClient::handle_server_first`], whose result (the
//!    client-final message) is sent to the broker;
//! 3. the broker's server-final message → [`ScramClient::verify_server_final`], which proves that the
//!    broker knows the credentials too.
//!
//! Like Kafka's own client, this implementation sends no channel binding (`n,,`), no authorization
//! identity, and does not apply SASLprep to the password: it is used as its UTF-8 bytes, which is what
//! Kafka's `ScramFormatter` does when the broker stores the credential.
//!
//! Neither the password nor any key derived from it ever appears in a `Debug` output or an error message.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{EagerHash, Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256, Sha512};

use crate::model::scram_credential::ScramMechanismKind;

/// The smallest iteration count accepted from a server (Kafka's `ScramMechanism.minIterations`, and
/// RFC 7677's recommended minimum).
pub const MIN_ITERATIONS: u32 = 4096;

/// The largest iteration count accepted from a server. Kafka brokers refuse to store credentials with
/// more than 16384 iterations; this far higher bound only keeps a hostile server from making the client
/// spin for hours on the key derivation.
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// Number of random bytes behind a generated client nonce (encoded as 32 base64 characters).
const NONCE_BYTES: usize = 24;

/// `c=` value of the client-final message: base64 of the GS2 header `n,,` (no channel binding, no authzid).
const CHANNEL_BINDING: &str = "biws";

/// Longest piece of server-supplied text copied into an error message.
const MAX_SERVER_TEXT: usize = 200;

/// The hash and HMAC of a SCRAM mechanism.
trait ScramHash {
    fn hash(self, data: &[u8]) -> Vec<u8>;
    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8>;
    fn verify_hmac(self, key: &[u8], data: &[u8], tag: &[u8]) -> bool;
}

impl ScramHash for ScramMechanismKind {
    /// `H(data)`.
    fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// `HMAC(key, data)`.
    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => hmac_with::<Sha256>(key, data),
            Self::Sha512 => hmac_with::<Sha512>(key, data),
        }
    }

    /// Whether `HMAC(key, data) == tag`, compared in constant time.
    fn verify_hmac(self, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
        match self {
            Self::Sha256 => verify_hmac_with::<Sha256>(key, data, tag),
            Self::Sha512 => verify_hmac_with::<Sha512>(key, data, tag),
        }
    }
}

fn new_hmac<D: EagerHash>(key: &[u8]) -> Hmac<D>
where
    Hmac<D>: KeyInit,
{
    <Hmac<D> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn hmac_with<D: EagerHash>(key: &[u8], data: &[u8]) -> Vec<u8>
where
    Hmac<D>: KeyInit + Mac,
{
    let mut mac = new_hmac::<D>(key);
    Mac::update(&mut mac, data);
    mac.finalize().into_bytes().to_vec()
}

fn verify_hmac_with<D: EagerHash>(key: &[u8], data: &[u8], tag: &[u8]) -> bool
where
    Hmac<D>: KeyInit + Mac,
{
    let mut mac = new_hmac::<D>(key);
    Mac::update(&mut mac, data);
    mac.verify_slice(tag).is_ok()
}

/// `SaltedPassword = Hi(password, salt, iterations)`, i.e. PBKDF2 with HMAC over the mechanism's hash and
/// an output as long as the hash. This is what Kafka's `AlterUserScramCredentials` expects the client to
/// send (with the salt and the iteration count). An iteration count of 0 is treated as 1.
pub fn salted_password(mechanism: ScramMechanismKind, password: &str, salt: &[u8], iterations: u32) -> Vec<u8> {
    match mechanism {
        ScramMechanismKind::Sha256 => {
            pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(password.as_bytes(), salt, iterations).to_vec()
        }
        ScramMechanismKind::Sha512 => {
            pbkdf2::pbkdf2_hmac_array::<Sha512, 64>(password.as_bytes(), salt, iterations).to_vec()
        }
    }
}

/// Why a SCRAM exchange failed. No variant ever carries the password or a key derived from it.
#[derive(Debug, thiserror::Error)]
pub enum ScramError {
    #[error("SCRAM server-first message is malformed: {0}")]
    MalformedServerFirst(String),
    #[error("SCRAM server-final message is malformed: {0}")]
    MalformedServerFinal(String),
    #[error(
        "SCRAM server nonce does not extend the client nonce (a broken server, a replayed message or a \
         man in the middle)"
    )]
    NonceMismatch,
    #[error("SCRAM server asks for {iterations} PBKDF2 iterations, fewer than the minimum of {minimum}")]
    TooFewIterations { iterations: u32, minimum: u32 },
    #[error("SCRAM server asks for {iterations} PBKDF2 iterations, more than the maximum of {maximum}")]
    TooManyIterations { iterations: u32, maximum: u32 },
    #[error("SCRAM server requires an extension this client does not support (`m=` attribute)")]
    MandatoryExtension,
    #[error("SCRAM authentication failed, the server says: {0}")]
    ServerError(String),
    #[error(
        "SCRAM server signature does not match: the server could not prove that it knows the \
         credentials"
    )]
    ServerSignatureMismatch,
    #[error("SCRAM client used out of order: {0}")]
    InvalidState(&'static str),
    #[error("could not generate a random SCRAM nonce: {0}")]
    Random(#[source] getrandom::Error),
}

/// Where the client is in the exchange.
enum State {
    /// `client_first` may be sent; `handle_server_first` is next.
    Initial,
    /// The client-final message was produced; `verify_server_final` is next.
    ClientFinalSent {
        /// `ServerKey = HMAC(SaltedPassword, "Server Key")`.
        server_key: Vec<u8>,
        /// `client-first-bare "," server-first "," client-final-without-proof`.
        auth_message: String,
    },
}

/// One SCRAM authentication exchange (a client is not reusable once `handle_server_first` succeeded).
pub struct ScramClient {
    mechanism: ScramMechanismKind,
    /// The username, already escaped as a `saslname` (`=` → `=3D`, `,` → `=2C`).
    sasl_name: String,
    password: String,
    client_nonce: String,
    state: State,
}

impl fmt::Debug for ScramClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Initial => "initial",
            State::ClientFinalSent { .. } => "client-final sent",
        };
        f.debug_struct("ScramClient")
            .field("mechanism", &self.mechanism)
            .field("username", &self.sasl_name)
            .field("password", &"********")
            .field("client_nonce", &self.client_nonce)
            .field("state", &state)
            .finish()
    }
}

impl ScramClient {
    /// A client with a fresh random nonce (24 bytes from the OS, base64-encoded).
    ///
    /// # Panics
    /// If the operating system's random number generator fails; see [`ScramClient::try_new`].
    pub fn new(mechanism: ScramMechanismKind, username: &str, password: &str) -> Self {
        match Self::try_new(mechanism, username, password) {
            Ok(client) => client,
            Err(e) => panic!("{e}"),
        }
    }

    /// Like [`ScramClient::new`], but reports a failing random number generator as an error.
    pub fn try_new(mechanism: ScramMechanismKind, username: &str, password: &str) -> Result<Self, ScramError> {
        let mut bytes = [0u8; NONCE_BYTES];
        getrandom::fill(&mut bytes).map_err(ScramError::Random)?;
        Ok(Self::with_nonce(mechanism, username, password, &BASE64.encode(bytes)))
    }

    /// A client with a fixed nonce, for tests. The nonce must be printable ASCII without `,`.
    pub fn with_nonce(mechanism: ScramMechanismKind, username: &str, password: &str, nonce: &str) -> Self {
        debug_assert!(
            is_valid_nonce(nonce),
            "a SCRAM nonce must be non-empty printable ASCII without ','"
        );
        Self {
            mechanism,
            sasl_name: escape_sasl_name(username),
            password: password.to_owned(),
            client_nonce: nonce.to_owned(),
            state: State::Initial,
        }
    }

    /// The mechanism this client authenticates with.
    pub fn mechanism(&self) -> ScramMechanismKind {
        self.mechanism
    }

    /// `client-first-bare`: `n=<saslname>,r=<client nonce>`.
    fn client_first_bare(&self) -> String {
        format!("n={},r={}", self.sasl_name, self.client_nonce)
    }

    /// The client-first message: `n,,n=<saslname>,r=<client nonce>`.
    pub fn client_first(&self) -> String {
        format!("n,,{}", self.client_first_bare())
    }

    /// Checks the server-first message and returns the client-final message
    /// (`c=biws,r=<nonce>,p=<proof>`).
    pub fn handle_server_first(&mut self, msg: &str) -> Result<String, ScramError> {
        if !matches!(self.state, State::Initial) {
            return Err(ScramError::InvalidState("the server-first message was already handled"));
        }
        let server_first = ServerFirst::parse(msg)?;
        if server_first.nonce.len() <= self.client_nonce.len() || !server_first.nonce.starts_with(&self.client_nonce) {
            return Err(ScramError::NonceMismatch);
        }
        if server_first.iterations < MIN_ITERATIONS {
            return Err(ScramError::TooFewIterations {
                iterations: server_first.iterations,
                minimum: MIN_ITERATIONS,
            });
        }
        if server_first.iterations > MAX_ITERATIONS {
            return Err(ScramError::TooManyIterations {
                iterations: server_first.iterations,
                maximum: MAX_ITERATIONS,
            });
        }

        let mechanism = self.mechanism;
        let salted = salted_password(mechanism, &self.password, &server_first.salt, server_first.iterations);
        let client_key = mechanism.hmac(&salted, b"Client Key");
        let stored_key = mechanism.hash(&client_key);
        let server_key = mechanism.hmac(&salted, b"Server Key");

        let client_final_without_proof = format!("c={CHANNEL_BINDING},r={}", server_first.nonce);
        let auth_message = format!("{},{msg},{client_final_without_proof}", self.client_first_bare());
        let client_signature = mechanism.hmac(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key.iter().zip(&client_signature).map(|(k, s)| k ^ s).collect();

        self.state = State::ClientFinalSent {
            server_key,
            auth_message,
        };
        Ok(format!("{client_final_without_proof},p={}", BASE64.encode(proof)))
    }

    /// Checks the server-final message: `v=<server signature>` must match (compared in constant time);
    /// `e=<error>` is reported with the server's text.
    pub fn verify_server_final(&self, msg: &str) -> Result<(), ScramError> {
        let State::ClientFinalSent {
            server_key,
            auth_message,
        } = &self.state
        else {
            return Err(ScramError::InvalidState(
                "the server-final message arrived before the server-first message was handled",
            ));
        };
        let first = msg.split(',').next().unwrap_or_default();
        if let Some(error) = first.strip_prefix("e=") {
            return Err(ScramError::ServerError(server_text(error)));
        }
        let Some(verifier) = first.strip_prefix("v=") else {
            return Err(ScramError::MalformedServerFinal(format!(
                "expected `v=` or `e=`, got `{}`",
                server_text(attribute_name(first))
            )));
        };
        let signature = BASE64.decode(verifier).map_err(|e| {
            ScramError::MalformedServerFinal(format!("the server signature `v=` is not valid base64: {e}"))
        })?;
        if self
            .mechanism
            .verify_hmac(server_key, auth_message.as_bytes(), &signature)
        {
            Ok(())
        } else {
            Err(ScramError::ServerSignatureMismatch)
        }
    }
}

/// The parsed server-first message.
struct ServerFirst<'a> {
    nonce: &'a str,
    salt: Vec<u8>,
    iterations: u32,
}

impl<'a> ServerFirst<'a> {
    /// `server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]`.
    /// Unknown trailing extensions are ignored, as RFC 5802 requires.
    fn parse(msg: &'a str) -> Result<Self, ScramError> {
        let malformed = |what: String| ScramError::MalformedServerFirst(what);
        let mut parts = msg.split(',');
        let first = parts.next().unwrap_or_default();
        if let Some(error) = first.strip_prefix("e=") {
            return Err(ScramError::ServerError(server_text(error)));
        }
        if first.starts_with("m=") {
            return Err(ScramError::MandatoryExtension);
        }

        let nonce = first.strip_prefix("r=").ok_or_else(|| {
            malformed(format!(
                "expected the nonce `r=` first, got `{}`",
                server_text(attribute_name(first))
            ))
        })?;
        if !is_valid_nonce(nonce) {
            return Err(malformed("the nonce `r=` is empty or not printable ASCII".to_owned()));
        }

        let salt = expect_attribute(parts.next(), "s=", "salt")?;
        let salt = BASE64
            .decode(salt)
            .map_err(|e| malformed(format!("the salt `s=` is not valid base64: {e}")))?;
        if salt.is_empty() {
            return Err(malformed("the salt `s=` is empty".to_owned()));
        }

        let iterations = expect_attribute(parts.next(), "i=", "iteration count")?;
        if iterations.is_empty() || !iterations.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed(format!(
                "the iteration count `i=` is not a number: `{}`",
                server_text(iterations)
            )));
        }
        let iterations = iterations.parse::<u32>().map_err(|_| {
            malformed(format!(
                "the iteration count `i=` is out of range: `{}`",
                server_text(iterations)
            ))
        })?;

        for extension in parts {
            let name = attribute_name(extension);
            let well_formed =
                name.len() == 1 && name.bytes().all(|b| b.is_ascii_alphabetic()) && extension[1..].starts_with('=');
            if !well_formed {
                return Err(malformed(format!(
                    "unexpected trailing attribute `{}`",
                    server_text(name)
                )));
            }
        }

        Ok(Self {
            nonce,
            salt,
            iterations,
        })
    }
}

/// The value of the attribute `prefix` (e.g. `s=`), or a "malformed" error naming it.
fn expect_attribute<'a>(part: Option<&'a str>, prefix: &str, what: &str) -> Result<&'a str, ScramError> {
    match part {
        Some(part) => part.strip_prefix(prefix).ok_or_else(|| {
            ScramError::MalformedServerFirst(format!(
                "expected the {what} `{prefix}`, got `{}`",
                server_text(attribute_name(part))
            ))
        }),
        None => Err(ScramError::MalformedServerFirst(format!(
            "the {what} `{prefix}` is missing"
        ))),
    }
}

/// The attribute name of `name=value` (or the whole text if there is no `=`), for error messages.
fn attribute_name(part: &str) -> &str {
    part.split_once('=').map_or(part, |(name, _)| name)
}

/// Server-supplied text made safe for an error message: control characters replaced, length bounded.
fn server_text(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_SERVER_TEXT)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(MAX_SERVER_TEXT).is_some() {
        out.push('…');
    }
    out
}

/// `printable = %x21-2B / %x2D-7E` (printable ASCII except `,`), at least one character.
fn is_valid_nonce(nonce: &str) -> bool {
    !nonce.is_empty() && nonce.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b',')
}

/// `saslname`: the username with `=` written as `=3D` and `,` as `=2C`.
fn escape_sasl_name(username: &str) -> String {
    username.replace('=', "=3D").replace(',', "=2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_NONCE: &str = "rOprNGfwEbeRWgbNEkqO";
    const RFC_SERVER_FIRST: &str =
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    const RFC_CLIENT_FINAL: &str = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                                    p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    const RFC_SERVER_FINAL: &str = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    fn rfc_client() -> ScramClient {
        ScramClient::with_nonce(ScramMechanismKind::Sha256, "user", "pencil", RFC_NONCE)
    }

    #[test]
    fn mechanism_names_round_trip() {
        for mechanism in [ScramMechanismKind::Sha256, ScramMechanismKind::Sha512] {
            assert_eq!(ScramMechanismKind::from_name(mechanism.name()), Some(mechanism));
        }
        assert_eq!(ScramMechanismKind::Sha256.name(), "SCRAM-SHA-256");
        assert_eq!(ScramMechanismKind::Sha512.name(), "SCRAM-SHA-512");
        assert_eq!(
            ScramMechanismKind::from_name("scram-sha-512"),
            Some(ScramMechanismKind::Sha512)
        );
        assert_eq!(ScramMechanismKind::from_name("PLAIN"), None);
        assert_eq!(ScramMechanismKind::from_name("SCRAM-SHA-1"), None);
    }

    #[test]
    fn rfc7677_sha256_test_vector() {
        let mut client = rfc_client();
        assert_eq!(client.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        let client_final = client.handle_server_first(RFC_SERVER_FIRST).unwrap();
        assert_eq!(client_final, RFC_CLIENT_FINAL);
        client.verify_server_final(RFC_SERVER_FINAL).unwrap();
    }

    #[test]
    fn wrong_server_signature_is_rejected() {
        let mut client = rfc_client();
        client.handle_server_first(RFC_SERVER_FIRST).unwrap();
        // Last byte of the signature changed.
        let err = client
            .verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G8=")
            .unwrap_err();
        assert!(matches!(err, ScramError::ServerSignatureMismatch), "{err:?}");
        // Truncated signature.
        let err = client
            .verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/")
            .unwrap_err();
        assert!(matches!(err, ScramError::ServerSignatureMismatch), "{err:?}");
        // Not base64 at all.
        let err = client.verify_server_final("v=***").unwrap_err();
        assert!(matches!(err, ScramError::MalformedServerFinal(_)), "{err:?}");
        // Neither v= nor e=.
        let err = client.verify_server_final("x=1").unwrap_err();
        assert!(matches!(err, ScramError::MalformedServerFinal(_)), "{err:?}");
    }

    #[test]
    fn nonce_not_extending_the_client_nonce_is_rejected() {
        let mut client = rfc_client();
        let err = client
            .handle_server_first(
                "r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            )
            .unwrap_err();
        assert!(matches!(err, ScramError::NonceMismatch), "{err:?}");
        // The server must append its own part.
        let err = client
            .handle_server_first("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
            .unwrap_err();
        assert!(matches!(err, ScramError::NonceMismatch), "{err:?}");
        // A failed attempt leaves the client usable.
        assert_eq!(client.handle_server_first(RFC_SERVER_FIRST).unwrap(), RFC_CLIENT_FINAL);
    }

    #[test]
    fn too_few_or_too_many_iterations_are_rejected() {
        let mut client = rfc_client();
        let err = client
            .handle_server_first("r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095")
            .unwrap_err();
        assert!(
            matches!(
                err,
                ScramError::TooFewIterations {
                    iterations: 4095,
                    minimum: 4096
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("4095"), "{err}");
        let err = client
            .handle_server_first("r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999")
            .unwrap_err();
        assert!(matches!(err, ScramError::MalformedServerFirst(_)), "{err:?}");
        let err = client
            .handle_server_first("r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000")
            .unwrap_err();
        assert!(matches!(err, ScramError::TooManyIterations { .. }), "{err:?}");
        for bad in ["i=", "i=-4096", "i=+4096", "i=4k"] {
            let msg = format!("r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,{bad}");
            let err = client.handle_server_first(&msg).unwrap_err();
            assert!(matches!(err, ScramError::MalformedServerFirst(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn server_errors_are_surfaced() {
        let mut client = rfc_client();
        let err = client.handle_server_first("e=unknown-user").unwrap_err();
        assert!(
            matches!(&err, ScramError::ServerError(text) if text == "unknown-user"),
            "{err:?}"
        );
        assert!(err.to_string().contains("unknown-user"), "{err}");

        client.handle_server_first(RFC_SERVER_FIRST).unwrap();
        let err = client.verify_server_final("e=invalid-proof").unwrap_err();
        assert!(
            matches!(&err, ScramError::ServerError(text) if text == "invalid-proof"),
            "{err:?}"
        );
        assert!(err.to_string().contains("invalid-proof"), "{err}");
    }

    #[test]
    fn mandatory_extension_and_malformed_server_first_are_rejected() {
        let mut client = rfc_client();
        let err = client
            .handle_server_first("m=ext,r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
            .unwrap_err();
        assert!(matches!(err, ScramError::MandatoryExtension), "{err:?}");
        for bad in [
            "",
            "garbage",
            "s=W22ZaJ0SNY7soEsUEjb6gQ==,r=rOprNGfwEbeRWgbNEkqOabc,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOabc,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==",
            "r=rOprNGfwEbeRWgbNEkqOabc,s=not*base64,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOabc,s=,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,bogus",
            "r=rOprNGfwEbeRWgbNEkqO ab,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        ] {
            let err = client.handle_server_first(bad).unwrap_err();
            assert!(matches!(err, ScramError::MalformedServerFirst(_)), "{bad:?}: {err:?}");
        }
        // Unknown optional extensions after the iteration count are ignored.
        let with_extension = format!("{RFC_SERVER_FIRST},x=whatever");
        let client_final = client.handle_server_first(&with_extension).unwrap();
        assert!(client_final.starts_with("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p="));
    }

    #[test]
    fn out_of_order_use_is_rejected() {
        let mut client = rfc_client();
        let err = client.verify_server_final(RFC_SERVER_FINAL).unwrap_err();
        assert!(matches!(err, ScramError::InvalidState(_)), "{err:?}");
        client.handle_server_first(RFC_SERVER_FIRST).unwrap();
        let err = client.handle_server_first(RFC_SERVER_FIRST).unwrap_err();
        assert!(matches!(err, ScramError::InvalidState(_)), "{err:?}");
        client.verify_server_final(RFC_SERVER_FINAL).unwrap();
    }

    #[test]
    fn username_is_escaped() {
        let client = ScramClient::with_nonce(ScramMechanismKind::Sha256, "a=b,c==,", "pw", "nonce");
        assert_eq!(client.client_first(), "n,,n=a=3Db=2Cc=3D=3D=2C,r=nonce");
        let client = ScramClient::with_nonce(ScramMechanismKind::Sha512, "=2C", "pw", "nonce");
        assert_eq!(client.client_first(), "n,,n==3D2C,r=nonce");
    }

    #[test]
    fn random_nonce_is_printable_and_fresh() {
        let a = ScramClient::new(ScramMechanismKind::Sha512, "user", "pw");
        let b = ScramClient::new(ScramMechanismKind::Sha512, "user", "pw");
        assert_eq!(a.client_nonce.len(), 32);
        assert!(is_valid_nonce(&a.client_nonce), "{}", a.client_nonce);
        assert_ne!(a.client_nonce, b.client_nonce);
        let first = a.client_first();
        assert!(first.starts_with("n,,n=user,r="), "{first}");
        assert_eq!(first.split(',').count(), 4, "{first}");
        assert_eq!(a.mechanism(), ScramMechanismKind::Sha512);
    }

    #[test]
    fn debug_and_errors_do_not_leak_the_password() {
        let password = "hunter2-secret";
        let mut client = ScramClient::with_nonce(ScramMechanismKind::Sha256, "user", password, RFC_NONCE);
        let before = format!("{client:?}");
        assert!(!before.contains(password), "{before}");
        assert!(before.contains("user"), "{before}");
        client.handle_server_first(RFC_SERVER_FIRST).unwrap();
        let after = format!("{client:?}");
        assert!(!after.contains(password), "{after}");
        assert!(
            !after.contains("Server Key") && !after.contains("server_key"),
            "{after}"
        );
        let err = client.verify_server_final(RFC_SERVER_FINAL).unwrap_err();
        assert!(!err.to_string().contains(password) && !format!("{err:?}").contains(password));
    }

    #[test]
    fn server_text_in_errors_is_sanitized_and_bounded() {
        let mut client = rfc_client();
        let long = format!("e=bad\nline{}", "x".repeat(1000));
        let err = client.handle_server_first(&long).unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.len() < 400, "{err}");
    }

    #[test]
    fn salted_password_matches_pbkdf2_vectors() {
        // RFC 7914 section 11, PBKDF2-HMAC-SHA-256 ("passwd", "salt", c = 1): the first 32 bytes.
        let salted = salted_password(ScramMechanismKind::Sha256, "passwd", b"salt", 1);
        assert_eq!(
            salted,
            [
                0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25, 0x44, 0xb6, 0x05, 0xf9,
                0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b, 0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc,
            ]
        );
        assert_eq!(
            salted_password(ScramMechanismKind::Sha512, "passwd", b"salt", 4096).len(),
            64
        );
    }

    /// A minimal SCRAM server built from the same primitives: it checks the client proof the way a broker
    /// does (recovering `ClientKey` from the proof and comparing `H(ClientKey)` with the stored key) and
    /// returns its own signature.
    fn simulate_server(
        mechanism: ScramMechanismKind,
        password: &str,
        client_first: &str,
        server_first: &str,
        salt: &[u8],
        iterations: u32,
        client_final: &str,
    ) -> String {
        let salted = salted_password(mechanism, password, salt, iterations);
        let stored_key = mechanism.hash(&mechanism.hmac(&salted, b"Client Key"));
        let server_key = mechanism.hmac(&salted, b"Server Key");

        let client_first_bare = client_first.strip_prefix("n,,").unwrap();
        let (without_proof, proof) = client_final.rsplit_once(",p=").unwrap();
        let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
        let client_signature = mechanism.hmac(&stored_key, auth_message.as_bytes());
        let proof = BASE64.decode(proof).unwrap();
        assert_eq!(proof.len(), client_signature.len());
        let client_key: Vec<u8> = proof.iter().zip(&client_signature).map(|(p, s)| p ^ s).collect();
        assert_eq!(mechanism.hash(&client_key), stored_key, "the client proof is wrong");

        format!(
            "v={}",
            BASE64.encode(mechanism.hmac(&server_key, auth_message.as_bytes()))
        )
    }

    #[test]
    fn sha512_round_trip_against_a_simulated_server() {
        let mechanism = ScramMechanismKind::Sha512;
        let salt = b"some-salt-bytes!";
        let iterations = 4096;
        let mut client = ScramClient::new(mechanism, "alice,admin=1", "correct horse battery staple");
        let client_first = client.client_first();
        assert!(client_first.starts_with("n,,n=alice=2Cadmin=3D1,r="), "{client_first}");
        let client_nonce = client_first.rsplit_once(",r=").unwrap().1;
        let server_first = format!("r={client_nonce}srvNonce123,s={},i={iterations}", BASE64.encode(salt));

        let client_final = client.handle_server_first(&server_first).unwrap();
        let server_final = simulate_server(
            mechanism,
            "correct horse battery staple",
            &client_first,
            &server_first,
            salt,
            iterations,
            &client_final,
        );
        client.verify_server_final(&server_final).unwrap();

        // A server that does not know the password cannot produce an acceptable signature.
        let (without_proof, _) = client_final.rsplit_once(",p=").unwrap();
        let client_first_bare = client_first.strip_prefix("n,,").unwrap();
        let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
        let wrong_salted = salted_password(mechanism, "wrong password", salt, iterations);
        let wrong_server_key = mechanism.hmac(&wrong_salted, b"Server Key");
        let forged = format!(
            "v={}",
            BASE64.encode(mechanism.hmac(&wrong_server_key, auth_message.as_bytes()))
        );
        let err = client.verify_server_final(&forged).unwrap_err();
        assert!(matches!(err, ScramError::ServerSignatureMismatch), "{err:?}");
    }

    #[test]
    #[should_panic(expected = "the client proof is wrong")]
    fn simulated_server_rejects_a_wrong_password() {
        let mechanism = ScramMechanismKind::Sha512;
        let salt = b"salt";
        let mut client = ScramClient::with_nonce(mechanism, "bob", "wrong", "fixedClientNonce");
        let client_first = client.client_first();
        let server_first = format!("r=fixedClientNonceSRV,s={},i=4096", BASE64.encode(salt));
        let client_final = client.handle_server_first(&server_first).unwrap();
        simulate_server(
            mechanism,
            "right",
            &client_first,
            &server_first,
            salt,
            4096,
            &client_final,
        );
    }
}
