package topicctl.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;

/**
 * Test-only broker side of MSK IAM over SASL/OAUTHBEARER, for topicctl's test cluster (scripts/kafka).
 *
 * <p>Accepts only a well-formed MSK IAM token — base64url (no padding) of a SigV4-presigned
 * {@code GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&...} (service
 * {@code kafka-cluster}, signed header {@code host} only, payload hash = SHA-256 of the empty string, {@code
 * User-Agent} added after signing) — that has not expired and whose signature, recomputed with the secret of a
 * known test access key, matches. The principal is the access key id.
 *
 * <p>The known credentials come from the JAAS option {@code credentials}: a comma-separated list of {@code
 * ACCESS_KEY_ID:SECRET[:SESSION_TOKEN]}; with a session token, the token must carry exactly that {@code
 * X-Amz-Security-Token}. Reasons for a refusal go into the SASL error the client sees; secrets never do.
 */
public class MskIamValidator implements AuthenticateCallbackHandler {
    private static final String SERVICE = "kafka-cluster";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final long MAX_EXPIRES_SECONDS = 900;
    private static final long SKEW_SECONDS = 60;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> KNOWN_PARAMS = Set.of("Action", "X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
            "User-Agent");

    private static final class Identity {
        final String secret;
        final String sessionToken; // null: long-term credentials, no session token allowed

        Identity(String secret, String sessionToken) {
            this.secret = secret;
            this.sessionToken = sessionToken;
        }
    }

    /** Why a token is refused; the message goes to the client. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final Map<String, Identity> identities = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism)) {
            throw new IllegalArgumentException("MskIamValidator only handles OAUTHBEARER, not " + saslMechanism);
        }
        String list = null;
        for (AppConfigurationEntry entry : jaasConfigEntries) {
            Object value = entry.getOptions().get("credentials");
            if (value != null) {
                list = value.toString();
            }
        }
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("MskIamValidator needs the JAAS option credentials=\"KEY:SECRET[:SESSION],...\"");
        }
        for (String item : list.split(",")) {
            String[] f = item.trim().split(":", 3);
            if (f.length < 2 || f[0].isEmpty() || f[1].isEmpty()) {
                throw new IllegalArgumentException("MskIamValidator: a credential is not KEY:SECRET[:SESSION]");
            }
            identities.put(f[0], new Identity(f[1], f.length == 3 ? f[2] : null));
        }
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerValidatorCallback) {
                OAuthBearerValidatorCallback v = (OAuthBearerValidatorCallback) callback;
                try {
                    v.token(validate(v.tokenValue(), Instant.now()));
                } catch (Refused e) {
                    // Kafka answers {"status":"<this>"}: keep it free of quotes and backslashes.
                    v.error("invalid_token (MSK IAM: " + e.getMessage().replace('"', '\'').replace('\\', '/') + ")",
                            null, null);
                }
            } else if (callback instanceof OAuthBearerExtensionsValidatorCallback) {
                // MSK IAM tokens carry no SASL extensions; any sent are left unvalidated (so ignored).
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void close() {}

    OAuthBearerToken validate(String tokenValue, Instant now) throws Refused {
        if (tokenValue == null || tokenValue.isEmpty()) {
            throw new Refused("empty token");
        }
        if (!tokenValue.matches("[A-Za-z0-9_-]+")) {
            throw new Refused("the token is not base64url without padding");
        }
        String url;
        try {
            url = new String(Base64.getUrlDecoder().decode(tokenValue), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("the token is not base64url");
        }
        int q = url.indexOf('?');
        if (q < 0) {
            throw new Refused("the token is not a presigned URL");
        }
        String base = url.substring(0, q);
        if (!base.startsWith("https://kafka.") || !base.endsWith(".amazonaws.com/")) {
            throw new Refused("the URL is not https://kafka.<region>.amazonaws.com/");
        }
        String host = base.substring("https://".length(), base.length() - 1);
        String region = host.substring("kafka.".length(), host.length() - ".amazonaws.com".length());
        if (!region.matches("[a-z0-9-]+")) {
            throw new Refused("no region in the host");
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : url.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Refused("a query parameter is not key=value");
            }
            String key = percentDecode(pair.substring(0, eq));
            if (!KNOWN_PARAMS.contains(key)) {
                throw new Refused("unexpected query parameter " + key);
            }
            if (params.put(key, percentDecode(pair.substring(eq + 1))) != null) {
                throw new Refused("query parameter " + key + " given twice");
            }
        }
        expect(params, "Action", "kafka-cluster:Connect");
        expect(params, "X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        expect(params, "X-Amz-SignedHeaders", "host");
        for (String required : new String[] {"X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature",
                "User-Agent"}) {
            if (!params.containsKey(required)) {
                throw new Refused("missing " + required);
            }
        }
        String amzDate = params.get("X-Amz-Date");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new Refused("X-Amz-Date is not yyyyMMddTHHmmssZ");
        }
        long expires;
        try {
            expires = Long.parseLong(params.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            throw new Refused("X-Amz-Expires is not a number");
        }
        if (expires <= 0 || expires > MAX_EXPIRES_SECONDS) {
            throw new Refused("X-Amz-Expires must be 1.." + MAX_EXPIRES_SECONDS);
        }
        Instant expiry = signedAt.plusSeconds(expires);
        if (signedAt.isAfter(now.plusSeconds(SKEW_SECONDS))) {
            throw new Refused("the token is signed in the future (X-Amz-Date " + amzDate + ")");
        }
        if (now.isAfter(expiry.plusSeconds(SKEW_SECONDS))) {
            throw new Refused("the token expired at " + AMZ_DATE.format(expiry));
        }
        String[] scope = params.get("X-Amz-Credential").split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || !scope[3].equals(SERVICE)) {
            throw new Refused("X-Amz-Credential is not KEY/DATE/REGION/kafka-cluster/aws4_request");
        }
        String accessKeyId = scope[0];
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            throw new Refused("the credential scope date is not the date of X-Amz-Date");
        }
        if (!scope[2].equals(region)) {
            throw new Refused("the credential scope region " + scope[2] + " is not the host's " + region);
        }
        Identity identity = identities.get(accessKeyId);
        if (identity == null) {
            throw new Refused("unknown access key id " + accessKeyId);
        }
        String sessionToken = params.get("X-Amz-Security-Token");
        if (identity.sessionToken == null ? sessionToken != null : !identity.sessionToken.equals(sessionToken)) {
            throw new Refused(identity.sessionToken == null
                    ? "a session token is given for long-term credentials"
                    : "the session token is missing or wrong");
        }

        // The canonical request: every parameter but the signature and User-Agent (added after signing), keys
        // and values URI-encoded, sorted by key.
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getKey().equals("X-Amz-Signature") && !e.getKey().equals("User-Agent")) {
                canonical.put(uriEncode(e.getKey()), uriEncode(e.getValue()));
            }
        }
        List<String> query = new ArrayList<>();
        canonical.forEach((k, v) -> query.add(k + "=" + v));
        String canonicalRequest = "GET\n/\n" + String.join("&", query) + "\nhost:" + host + "\n\nhost\n" + EMPTY_SHA256;
        String date = amzDate.substring(0, 8);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + date + "/" + region + "/" + SERVICE
                + "/aws4_request\n" + hex(sha256(canonicalRequest));
        byte[] key = hmac(("AWS4" + identity.secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                params.get("X-Amz-Signature").getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("the signature does not match (wrong secret access key?)");
        }

        final long lifetimeMs = expiry.toEpochMilli();
        final long startMs = signedAt.toEpochMilli();
        final String principal = accessKeyId;
        return new OAuthBearerToken() {
            @Override
            public String value() {
                return tokenValue;
            }

            @Override
            public Set<String> scope() {
                return Collections.emptySet();
            }

            @Override
            public long lifetimeMs() {
                return lifetimeMs;
            }

            @Override
            public String principalName() {
                return principal;
            }

            @Override
            public Long startTimeMs() {
                return startMs;
            }
        };
    }

    private static void expect(Map<String, String> params, String key, String value) throws Refused {
        if (!value.equals(params.get(key))) {
            throw new Refused(key + " must be " + value);
        }
    }

    private static String percentDecode(String s) throws Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new Refused("a bad percent escape in the URL");
                }
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new Refused("a bad percent escape in the URL");
                }
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** SigV4's URI encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex). */
    private static String uriEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
