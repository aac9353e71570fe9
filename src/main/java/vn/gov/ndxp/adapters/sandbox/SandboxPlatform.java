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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform stand-in's identity: it signs access tokens with a key made at startup. It also holds
 * the switches with which tests play the platform's faults, per adapter (the last part of the calling
 * subsystem id) or per client key, so no test changes the runtime itself; {@link #reset()} turns them
 * all off. The counters only grow: tests compare them with what they read before.
 */
public class SandboxPlatform {

    /** The claim numbering a client's issued tokens, so that those issued so far can be revoked. */
    private static final String SEQ = "sandbox_seq";

    private final RSAKey key;
    /** Tokens issued per client key (tests count one client's while other adapters work beside it). */
    private final Map<String, AtomicLong> issued = new ConcurrentHashMap<>();
    private final String issuer;
    /** The claim naming the provider a token is for (the providers' ndxp.platform.audience-claim). */
    private final String audienceClaim;
    private final SandboxProperties props;
    /** Adapters the platform is unreachable for, with the service calls still let through first. */
    private final Map<String, AtomicLong> down = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    /** Per client key: tokens numbered up to this are refused. */
    private final Map<String, Long> revokedUpTo = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tokensRefused = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttl = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public SandboxPlatform(String issuer, String audienceClaim, SandboxProperties props) throws JOSEException {
        this.key = newKey();
        this.issuer = issuer;
        this.audienceClaim = audienceClaim;
        this.props = props;
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID("sandbox-" + UUID.randomUUID()).generate();
    }

    /** By convention the last part of a subsystem id is the adapter id: VN:GOV:<unit>:<adapter>. */
    public static String adapterOf(String subsystem) {
        return subsystem == null ? null : subsystem.substring(subsystem.lastIndexOf(':') + 1);
    }

    /** The platform cannot be reached by this adapter: its token requests and service calls answer 503. */
    public void down(String adapter) {
        downAfter(adapter, 0);
    }

    /** This adapter's next {@code calls} service calls go through, then the platform is down for it. */
    public void downAfter(String adapter, long calls) {
        down.put(adapter, new AtomicLong(calls));
    }

    /** The platform is reachable again for this adapter. */
    public void up(String adapter) {
        down.remove(adapter);
    }

    /** Whether the platform is down for this adapter's request now (the refusal is counted). */
    boolean refuses(String adapter, boolean serviceCall) {
        AtomicLong through = adapter == null ? null : down.get(adapter);
        if (through == null) {
            return false;
        }
        // a service call uses up one of the calls let through; a token request goes through while any is left
        long left = serviceCall ? through.getAndUpdate(n -> Math.max(0, n - 1)) : through.get();
        if (left > 0) {
            return false;
        }
        refused.computeIfAbsent(adapter, a -> new AtomicLong()).incrementAndGet();
        return true;
    }

    /** How many requests of this adapter the platform refused while down for it. */
    public long refused(String adapter) {
        var n = refused.get(adapter);
        return n == null ? 0 : n.get();
    }

    /** Every token issued to this client key so far is refused (401), as after a revocation on the platform. */
    public void revokeIssued(String clientKey) {
        revokedUpTo.put(clientKey, issued(clientKey));
    }

    /** How many times a service call presented a token of this client key that was refused (revoked, expired, another provider's). */
    public long tokensRefused(String clientKey) {
        var n = tokensRefused.get(clientKey);
        return n == null ? 0 : n.get();
    }

    /** Tokens for this client key are issued for this long (instead of ndxp.sandbox.token-ttl). */
    public void tokenTtl(String clientKey, Duration v) {
        ttl.put(clientKey, v);
    }

    /** The platform knows this service from now on and receives its records itself, as a "sink" route. */
    public void register(String service) {
        registered.add(service);
    }

    /** The service registered at run time that this path (service id and rest) belongs to, or null. */
    String registered(String path) {
        return registered.stream().filter(s -> path.equals(s) || path.startsWith(s + "/")).findFirst().orElse(null);
    }

    /** Every switch off: reachable, no revocation, configured token lifetime, no service registered at run time. */
    public void reset() {
        down.clear();
        revokedUpTo.clear();
        ttl.clear();
        registered.clear();
    }

    /** How many tokens the stand-in has issued to this client key. */
    public long issued(String clientKey) {
        var n = issued.get(clientKey);
        return n == null ? 0 : n.get();
    }

    /** The registered client for a consumer key/secret, or null. */
    public String subsystemFor(String key, String secret) {
        List<SandboxProperties.Client> all = new ArrayList<>(props.getClients().values());
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
        long seq = issued.computeIfAbsent(clientKey, k -> new AtomicLong()).incrementAndGet();
        return sign(subsystem, clientKey, ttl, audience, seq);
    }

    /** A token bound to no provider: every provider refuses it. */
    public String sign(String subsystem, String clientKey, Duration ttl) {
        return sign(subsystem, clientKey, ttl, null);
    }

    /** A token for the provider subsystem audience, as the platform attaches when it routes a call to it. */
    public String sign(String subsystem, String clientKey, Duration ttl, String audience) {
        return sign(subsystem, clientKey, ttl, audience, null);
    }

    private String sign(String subsystem, String clientKey, Duration ttl, String audience, Long seq) {
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
                    .claim(SEQ, seq)
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
            String client = c.getStringClaim("client_id");
            Long seq = c.getLongClaim(SEQ);
            boolean revoked = seq != null && client != null && seq <= revokedUpTo.getOrDefault(client, 0L);
            if (issuer.equals(c.getIssuer()) && c.getExpirationTime().after(new Date()) && forAudience && !revoked) {
                return c.getSubject();
            }
            if (client != null) {
                tokensRefused.computeIfAbsent(client, k -> new AtomicLong()).incrementAndGet();
            }
            return null;
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

    /** How long tokens for this client key are issued for. */
    public Duration tokenTtl(String clientKey) {
        return ttl.getOrDefault(clientKey, props.getTokenTtl());
    }
}
