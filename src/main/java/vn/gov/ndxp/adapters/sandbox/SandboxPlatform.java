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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The platform stand-in's identity: it signs access tokens with a key made at startup. */
public class SandboxPlatform {

    private volatile RSAKey key;
    /** Tokens issued per client key (tests count one client's while other adapters work beside it). */
    private final Map<String, AtomicLong> issued = new ConcurrentHashMap<>();
    private final String issuer;
    /** The claim naming the provider a token is for (the providers' ndxp.platform.audience-claim). */
    private final String audienceClaim;
    private final SandboxProperties props;

    public SandboxPlatform(String issuer, String audienceClaim, SandboxProperties props) throws JOSEException {
        this.key = newKey();
        this.issuer = issuer;
        this.audienceClaim = audienceClaim;
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
        List<SandboxProperties.Client> all = new ArrayList<>(props.getClients());
        all.add(props.getClient());
        for (SandboxProperties.Client c : all) {
            if (c.getKey().equals(key) && c.getSecret().equals(secret)) {
                return c.getSubsystem();
            }
        }
        return null;
    }

    /** A token for a client that authenticated at the token endpoint (counted), for the provider audience (or none). */
    public String issue(String subsystem, String clientKey, Duration ttl, String audience) {
        issued.computeIfAbsent(clientKey, k -> new AtomicLong()).incrementAndGet();
        return sign(subsystem, clientKey, ttl, audience);
    }

    /** A token bound to no provider: every provider refuses it. */
    public String sign(String subsystem, String clientKey, Duration ttl) {
        return sign(subsystem, clientKey, ttl, null);
    }

    /** A token for the provider subsystem audience, as the platform attaches when it routes a call to it. */
    public String sign(String subsystem, String clientKey, Duration ttl, String audience) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(subsystem)
                    .claim("client_id", clientKey)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(ttl)))
                    .jwtID(UUID.randomUUID().toString())
                    .claim(audienceClaim, audience)
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject of a token this platform issued, still valid and issued for the provider audience, or null. */
    public String verify(String token, String audience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Object aud = c.getClaim(audienceClaim);
            boolean forAudience = aud instanceof String s ? s.equals(audience)
                    : aud instanceof Collection<?> list && list.contains(audience);
            return issuer.equals(c.getIssuer()) && c.getExpirationTime().after(new Date()) && forAudience ? c.getSubject() : null;
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
