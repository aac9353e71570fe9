package vn.gov.ndxp.adapters.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Verifies bearer JWTs issued by the platform against its JWKS (fetched lazily, cached). A token whose
 * signature, issuer and expiry were verified is remembered until its expiry, keyed on the whole token
 * text (header, claims and signature), so the RSA check runs once per token, not once per call; the
 * audience is checked on every call.
 */
public class JwtVerifier {

    /** Distinct live tokens remembered; beyond it the least used are verified again. */
    static final int MAX_REMEMBERED = 10_000;

    private final NdxpProperties props;
    private final PlatformEndpoints endpoints;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private final Cache<String, JWTClaimsSet> verified = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfter(new UntilExpiry())
            .build();

    public JwtVerifier(NdxpProperties props, PlatformEndpoints endpoints) {
        this.props = props;
        this.endpoints = endpoints;
    }

    /**
     * Verifies a token presented to the provider subsystem {@code audience}: signature, issuer, expiry,
     * and that the audience claim (ndxp.platform.audience-claim, default aud) names that subsystem, so
     * a token issued for one provider is refused by every other.
     * @return the verified claims; NdxpException 401 for a bad token, 503 when the JWKS is unreachable
     */
    public JWTClaimsSet verify(String authorization, String audience) {
        JWTClaimsSet claims = verify(authorization);
        String name = props.getPlatform().getAudienceClaim();
        Object aud = claims.getClaim(name);
        boolean issuedForUs = aud instanceof String s ? s.equals(audience)
                : aud instanceof Collection<?> c && c.contains(audience);
        if (audience == null || !issuedForUs) {
            throw NdxpException.unauthorized("Token was not issued for " + audience + " (its " + name + " claim is "
                    + (aud == null ? "missing" : aud) + ")");
        }
        return claims;
    }

    /** Signature, issuer and expiry; the audience is {@link #verify(String, String)}'s. */
    private JWTClaimsSet verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw NdxpException.unauthorized("A bearer token issued by the platform is required (Authorization: Bearer ...)");
        }
        String token = authorization.substring(7).trim();
        JWTClaimsSet known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        try {
            JWTClaimsSet claims = processor().process(token, null);
            if (claims.getExpirationTime().getTime() > System.currentTimeMillis()) {
                // within the verifier's clock skew an expired token passes once, but is never remembered
                verified.put(token, claims);
            }
            return claims;
        } catch (KeySourceException e) {
            throw new NdxpException(NdxpException.PLATFORM_UNAVAILABLE, 503, "Platform unavailable",
                    "The platform's signing keys (JWKS) cannot be fetched", null, props.getInbound().getRetryAfterSeconds(), e);
        } catch (BadJWTException e) {
            throw NdxpException.unauthorized("Token rejected: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw NdxpException.unauthorized("Token signature is not valid for the platform's keys");
        } catch (ParseException e) {
            throw NdxpException.unauthorized("Token is not a JWT");
        } catch (Exception e) {
            if (e.getClass().getSimpleName().contains("JWKSet") || e.getCause() instanceof IOException) {
                throw new NdxpException(NdxpException.PLATFORM_UNAVAILABLE, 503, "Platform unavailable",
                        "The platform's signing keys (JWKS) cannot be fetched", null, props.getInbound().getRetryAfterSeconds(), e);
            }
            throw NdxpException.unauthorized("Token cannot be verified: " + e.getClass().getSimpleName());
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws Exception {
        if (processor == null) {
            synchronized (this) {
                if (processor == null) {
                    JWKSource<SecurityContext> keys = JWKSourceBuilder
                            .create(URI.create(endpoints.jwksUrl()).toURL())
                            .retrying(true)
                            .build();
                    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
                    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
                    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                            new JWTClaimsSet.Builder().issuer(props.getPlatform().getIssuer()).build(),
                            Set.of("sub", "exp", "iat")));
                    processor = p;
                }
            }
        }
        return processor;
    }

    /** An entry lives until its token's exp claim (required by the claims verifier). */
    private static final class UntilExpiry implements Expiry<String, JWTClaimsSet> {
        @Override
        public long expireAfterCreate(String token, JWTClaimsSet claims, long currentTime) {
            Date exp = claims.getExpirationTime();
            return Math.max(0, exp.getTime() - System.currentTimeMillis()) * 1_000_000L;
        }

        @Override
        public long expireAfterUpdate(String token, JWTClaimsSet claims, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String token, JWTClaimsSet claims, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
