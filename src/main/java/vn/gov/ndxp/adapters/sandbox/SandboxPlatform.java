package vn.gov.ndxp.adapters.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** The platform stand-in's identity: it signs access tokens with a key made at startup. */
public class SandboxPlatform {

    private volatile RSAKey key;
    /** Tokens issued per client key (tests count one client's while other adapters work beside it). */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> issued = new java.util.concurrent.ConcurrentHashMap<>();
    private final String issuer;
    private final SandboxProperties props;

    public SandboxPlatform(String issuer, SandboxProperties props) throws JOSEException {
        this.key = newKey();
        this.issuer = issuer;
        this.props = props;
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID("sandbox-" + UUID.randomUUID()).generate();
    }

    /** A new signing key: every token issued so far stops being valid (as after a platform key rotation). */
    public void rotateKey() throws JOSEException {
        key = newKey();
    }

    /** How many tokens the stand-in has issued to this client key. */
    public long issued(String clientKey) {
        var n = issued.get(clientKey);
        return n == null ? 0 : n.get();
    }

    /** The registered client for a consumer key/secret, or null. */
    public String subsystemFor(String key, String secret) {
        java.util.List<SandboxProperties.Client> all = new java.util.ArrayList<>(props.getClients());
        all.add(props.getClient());
        for (SandboxProperties.Client c : all) {
            if (c.getKey().equals(key) && c.getSecret().equals(secret)) {
                return c.getSubsystem();
            }
        }
        return null;
    }

    /** A token for a client that authenticated at the token endpoint (counted). */
    public String issue(String subsystem, String clientKey, Duration ttl) {
        issued.computeIfAbsent(clientKey, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        return sign(subsystem, clientKey, ttl);
    }

    /** A token the platform itself attaches when it routes a call to the provider. */
    public String sign(String subsystem, String clientKey, Duration ttl) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(subsystem)
                    .claim("client_id", clientKey)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(ttl)))
                    .jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject of a token this platform issued and that is still valid, or null. */
    public String verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            return issuer.equals(c.getIssuer()) && c.getExpirationTime().after(new Date()) ? c.getSubject() : null;
        } catch (Exception e) {
            return null;
        }
    }

    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    public Duration tokenTtl() {
        return props.getTokenTtl();
    }
}
