package vn.gov.ndxp.adapters.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** The verifier against a real JWKS endpoint (JDK HTTP server on a free port), tokens signed here. */
class JwtVerifierTest {

    private static final String AUD = "VN:GOV:000.00.00.G22:civil-status";
    private static final String CLIENT = "VN:GOV:000.00.00.H41:one-stop-office";

    private static HttpServer jwks;
    private static final AtomicInteger jwksFetches = new AtomicInteger();
    private static RSAKey key;
    private static RSAKey otherKey;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] set = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, set.length);
            ex.getResponseBody().write(set);
            ex.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static JwtVerifier verifier() {
        NdxpProperties props = new NdxpProperties();
        props.getPlatform().setUrl("http://127.0.0.1:" + jwks.getAddress().getPort());
        return new JwtVerifier(props, new PlatformEndpoints(props, new MockEnvironment()));
    }

    private static String token(RSAKey signer, String aud, long expiresInMs, String jti) throws Exception {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("ndxp").subject(CLIENT).audience(aud)
                .issueTime(new Date(now)).expirationTime(new Date(now + expiresInMs)).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresAndTheAudienceIsCheckedEveryTime() throws Exception {
        JwtVerifier v = verifier();
        String t = token(key, AUD, 60_000, "a");
        JWTClaimsSet first = v.verify("Bearer " + t, AUD);
        assertThat(first.getSubject()).isEqualTo(CLIENT);
        // remembered: the same claims object, not a second signature check
        assertThat(v.verify("Bearer " + t, AUD)).isSameAs(first);
        // the audience is per call, remembered or not
        assertThatThrownBy(() -> v.verify("Bearer " + t, "VN:GOV:000.00.00.G08:business-registry"))
                .isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
    }

    @Test
    void theKeyIsTheWholeTokenSoTheSameClaimsWithAnotherSignatureAreRefused() throws Exception {
        JwtVerifier v = verifier();
        String good = token(key, AUD, 60_000, "same");
        v.verify("Bearer " + good, AUD);
        // same header and claims (byte for byte), signature of another key
        String forged = good.substring(0, good.lastIndexOf('.') + 1)
                + token(otherKey, AUD, 60_000, "same").substring(good.lastIndexOf('.') + 1);
        assertThat(forged).isNotEqualTo(good);
        assertThat(forged.substring(0, forged.lastIndexOf('.'))).isEqualTo(good.substring(0, good.lastIndexOf('.')));
        assertThatThrownBy(() -> v.verify("Bearer " + forged, AUD))
                .isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
        // and the good one still passes
        assertThat(v.verify("Bearer " + good, AUD).getJWTID()).isEqualTo("same");
    }

    @Test
    void aRememberedTokenIsVerifiedAgainOnceItsExpiryHasPassed() throws Exception {
        JwtVerifier v = verifier();
        // valid for 1.5 s, beyond the verifier's 60 s clock skew it would be refused outright: here it
        // is remembered while valid and must not outlive its exp in the cache
        String t = token(key, AUD, 1_500, "short");
        JWTClaimsSet claims = v.verify("Bearer " + t, AUD);
        long exp = claims.getExpirationTime().getTime();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> System.currentTimeMillis() > exp + 50);
        // past exp the cache holds nothing: the processor checks again (within its clock skew it may
        // pass once, but never from the cache)
        JWTClaimsSet again = v.verify("Bearer " + t, AUD);
        assertThat(again).isNotSameAs(claims);
    }

    @Test
    void anExpiredTokenIsRefusedAndNeverRemembered() throws Exception {
        JwtVerifier v = verifier();
        String t = token(key, AUD, -120_000, "old");
        assertThatThrownBy(() -> v.verify("Bearer " + t, AUD))
                .isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
        assertThatThrownBy(() -> v.verify("Bearer " + t, AUD))
                .isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
    }

    @Test
    void aMissingOrForeignSchemeIsRefused() {
        JwtVerifier v = verifier();
        assertThatThrownBy(() -> v.verify(null, AUD)).isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
        assertThatThrownBy(() -> v.verify("Basic abc", AUD)).isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
        assertThatThrownBy(() -> v.verify("Bearer not.a.jwt", AUD)).isInstanceOf(NdxpException.class).extracting("status").isEqualTo(401);
    }
}
