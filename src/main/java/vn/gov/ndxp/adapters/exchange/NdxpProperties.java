package vn.gov.ndxp.adapters.exchange;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** The NDXP contract as this deployment speaks it: header names, platform endpoints, limits. */
@ConfigurationProperties("ndxp")
@Validated
public class NdxpProperties {

    /** Names of the NDXP headers on requests and answers. */
    @Valid
    private final Headers headers = new Headers();
    /** The platform this runtime calls (tokens, keys, services) and whose tokens it accepts. */
    @Valid
    private final Platform platform = new Platform();
    /** Limits of what callers send to this runtime's REST services and SOAP facades. */
    @Valid
    private final Inbound inbound = new Inbound();

    public Headers getHeaders() {
        return headers;
    }

    public Platform getPlatform() {
        return platform;
    }

    public Inbound getInbound() {
        return inbound;
    }

    /** HTTP header names (tokens of letters, digits and '-'); the platform's own names by default. */
    public static class Headers {
        private static final String TOKEN = "[A-Za-z0-9-]+";

        /** Header with the calling subsystem id (VN:<class>:<unit code>:<subsystem>). */
        @NotBlank @Pattern(regexp = TOKEN)
        private String client = NdxpHeaders.CLIENT;
        /** Header with the called service id. */
        @NotBlank @Pattern(regexp = TOKEN)
        private String service = NdxpHeaders.SERVICE;
        /** Header with the transaction id (a UUID), echoed on every answer. */
        @NotBlank @Pattern(regexp = TOKEN)
        private String transactionId = NdxpHeaders.TRANSACTION_ID;
        /** Header with the id of the officer on whose behalf the call is made. */
        @NotBlank @Pattern(regexp = TOKEN)
        private String userId = NdxpHeaders.USER_ID;
        /** Header with the purpose of use of the call (a code of the adapter's purposes list). */
        @NotBlank @Pattern(regexp = TOKEN)
        private String purpose = NdxpHeaders.PURPOSE;
        /** Header with the NDXP error category of a failed answer. */
        @NotBlank @Pattern(regexp = TOKEN)
        private String error = NdxpHeaders.ERROR;

        public String getClient() { return client; }
        public void setClient(String v) { client = v; }
        public String getService() { return service; }
        public void setService(String v) { service = v; }
        public String getTransactionId() { return transactionId; }
        public void setTransactionId(String v) { transactionId = v; }
        public String getUserId() { return userId; }
        public void setUserId(String v) { userId = v; }
        public String getPurpose() { return purpose; }
        public void setPurpose(String v) { purpose = v; }
        public String getError() { return error; }
        public void setError(String v) { error = v; }
    }

    public static class Platform {
        /**
         * Base URL of the platform; service calls go to {url}{services-path}/{serviceId}{path}. May hold
         * ${local.server.port} (resolved once the web server has started). Required in prod.
         */
        private String url;
        /** Path of the token endpoint (OAuth 2 client credentials) under the base URL. */
        @NotNull @Pattern(regexp = "/.*")
        private String tokenPath = "/token";
        /** Path of the platform's signing keys (JWK set) under the base URL. */
        @NotNull @Pattern(regexp = "/.*")
        private String jwksPath = "/jwks";
        /** Path under the base URL that service calls go to. */
        @NotNull @Pattern(regexp = "/.*")
        private String servicesPath = "/r1";
        /** Issuer (iss) of the platform's tokens; those presented to this runtime must carry it (env NDXP_PLATFORM_ISSUER). */
        @NotBlank
        private String issuer = "ndxp";
        /** Time to open a connection to the platform. */
        @NotNull @DurationMin(millis = 1)
        private Duration connectTimeout = Duration.ofSeconds(2);
        /** Time to wait for the platform's answer. */
        @NotNull @DurationMin(millis = 1)
        private Duration readTimeout = Duration.ofSeconds(10);
        /** A cached token is renewed this long before it expires. */
        @NotNull
        private Duration tokenRenewBefore = Duration.ofSeconds(30);
        /** Circuit breaker of the platform: opens when this share (percent) of the last calls could not reach it. */
        @Min(1) @Max(100)
        private int failureRateThreshold = 50;
        /** Calls the circuit breaker counts before it may open. */
        @Min(1)
        private int minimumCalls = 10;
        /** How long the open circuit breaker refuses calls before it tries again. */
        @NotNull @DurationMin(millis = 1)
        private Duration waitInOpen = Duration.ofSeconds(10);
        /** Claim of a platform token naming the provider subsystem it was issued for (RFC 7519 aud). */
        @NotBlank
        private String audienceClaim = "aud";

        public String getAudienceClaim() { return audienceClaim; }
        public void setAudienceClaim(String v) { audienceClaim = v; }
        public int getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(int v) { failureRateThreshold = v; }
        public int getMinimumCalls() { return minimumCalls; }
        public void setMinimumCalls(int v) { minimumCalls = v; }
        public Duration getWaitInOpen() { return waitInOpen; }
        public void setWaitInOpen(Duration v) { waitInOpen = v; }
        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
        public String getTokenPath() { return tokenPath; }
        public void setTokenPath(String v) { tokenPath = v; }
        public String getJwksPath() { return jwksPath; }
        public void setJwksPath(String v) { jwksPath = v; }
        public String getServicesPath() { return servicesPath; }
        public void setServicesPath(String v) { servicesPath = v; }
        public String getIssuer() { return issuer; }
        public void setIssuer(String v) { issuer = v; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration v) { connectTimeout = v; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration v) { readTimeout = v; }
        public Duration getTokenRenewBefore() { return tokenRenewBefore; }
        public void setTokenRenewBefore(Duration v) { tokenRenewBefore = v; }
    }

    public static class Inbound {
        /** Largest REST request body; larger: client.payload-too-large. */
        @NotNull
        private DataSize maxBodySize = DataSize.ofKilobytes(256);
        /** Retry-After (seconds) of answers that ask the caller to come back later. */
        @Min(0)
        private int retryAfterSeconds = 30;
        /**
         * Addresses (exact, or CIDR blocks like 10.20.0.0/16 or fd00::/8; Spring Security IpAddressMatcher) from which local legacy systems may call
         * the SOAP facades, which act as the adapter's own subsystem; empty: any (not advised).
         */
        private List<String> soapAllowedAddresses = new ArrayList<>();

        /** Largest SOAP envelope a facade reads (declared or streamed); larger: fault client.payload-too-large. */
        @NotNull
        private DataSize maxSoapBodySize = DataSize.ofMegabytes(1);
        /** XML shape limits of SOAP envelopes. */
        @Valid
        private final SoapXml soapXml = new SoapXml();

        public DataSize getMaxSoapBodySize() { return maxSoapBodySize; }
        public void setMaxSoapBodySize(DataSize v) { maxSoapBodySize = v; }
        public SoapXml getSoapXml() { return soapXml; }

        /**
         * Longest client header value. These declared limits of what a REST caller sends (InboundLimits)
         * are checked at the door before the token; stored values fit their ndxp_transaction column
         * (client 200, user_id 64).
         */
        @Min(1) @Max(200)
        private int maxClientLength = 128;
        /** Longest user-id header value. */
        @Min(1) @Max(64)
        private int maxUserIdLength = 64;
        /** Longest purpose header value (its column holds 32). */
        @Min(1) @Max(32)
        private int maxPurposeLength = 32;
        /** Longest request path. */
        @Min(16) @Max(8192)
        private int maxPathLength = 1024;
        /** Longest segment of a request path. */
        @Min(8) @Max(1024)
        private int maxPathSegmentLength = 128;
        /** Longest query string. */
        @Min(0) @Max(8192)
        private int maxQueryLength = 2048;
        /** Limits of JSON request bodies; the document's length is max-body-size. */
        @Valid
        private final Json json = new Json();

        public int getMaxClientLength() { return maxClientLength; }
        public void setMaxClientLength(int v) { maxClientLength = v; }
        public int getMaxUserIdLength() { return maxUserIdLength; }
        public void setMaxUserIdLength(int v) { maxUserIdLength = v; }
        public int getMaxPurposeLength() { return maxPurposeLength; }
        public void setMaxPurposeLength(int v) { maxPurposeLength = v; }
        public int getMaxPathLength() { return maxPathLength; }
        public void setMaxPathLength(int v) { maxPathLength = v; }
        public int getMaxPathSegmentLength() { return maxPathSegmentLength; }
        public void setMaxPathSegmentLength(int v) { maxPathSegmentLength = v; }
        public int getMaxQueryLength() { return maxQueryLength; }
        public void setMaxQueryLength(int v) { maxQueryLength = v; }
        public Json getJson() { return json; }

        public List<String> getSoapAllowedAddresses() { return soapAllowedAddresses; }
        public void setSoapAllowedAddresses(List<String> v) { soapAllowedAddresses = v; }

        public DataSize getMaxBodySize() { return maxBodySize; }
        public void setMaxBodySize(DataSize v) { maxBodySize = v; }
        public int getRetryAfterSeconds() { return retryAfterSeconds; }
        public void setRetryAfterSeconds(int v) { retryAfterSeconds = v; }
    }

    /** XML limits of SOAP facade requests, enforced by CXF's StAX reader (org.apache.cxf.stax.*). */
    public static class SoapXml {
        /** Deepest nesting of elements. */
        @Min(1)
        private int maxElementDepth = 32;
        /** Most child elements of one element. */
        @Min(1)
        private int maxChildElements = 1000;
        /** Most elements in one envelope. */
        @Min(1)
        private long maxElementCount = 20_000;
        /** Most attributes of one element. */
        @Min(1)
        private int maxAttributeCount = 32;
        /** Longest attribute value (characters). */
        @Min(1)
        private int maxAttributeSize = 4096;
        /** Longest text content of one element (characters). */
        @Min(1)
        private int maxTextLength = 131_072;

        public int getMaxElementDepth() { return maxElementDepth; }
        public void setMaxElementDepth(int v) { maxElementDepth = v; }
        public int getMaxChildElements() { return maxChildElements; }
        public void setMaxChildElements(int v) { maxChildElements = v; }
        public long getMaxElementCount() { return maxElementCount; }
        public void setMaxElementCount(long v) { maxElementCount = v; }
        public int getMaxAttributeCount() { return maxAttributeCount; }
        public void setMaxAttributeCount(int v) { maxAttributeCount = v; }
        public int getMaxAttributeSize() { return maxAttributeSize; }
        public void setMaxAttributeSize(int v) { maxAttributeSize = v; }
        public int getMaxTextLength() { return maxTextLength; }
        public void setMaxTextLength(int v) { maxTextLength = v; }
    }

    /** Limits of the JSON parser for request bodies (Jackson StreamReadConstraints, set explicitly). */
    public static class Json {
        /** Deepest nesting of objects and arrays. */
        @Min(1) @Max(1000)
        private int maxNestingDepth = 32;
        /** Longest number (characters). */
        @Min(1) @Max(1000)
        private int maxNumberLength = 64;
        /** Longest string value (characters). */
        @Min(1)
        private int maxStringLength = 65536;
        /** Longest property name (characters). */
        @Min(1) @Max(50000)
        private int maxNameLength = 256;

        public int getMaxNestingDepth() { return maxNestingDepth; }
        public void setMaxNestingDepth(int v) { maxNestingDepth = v; }
        public int getMaxNumberLength() { return maxNumberLength; }
        public void setMaxNumberLength(int v) { maxNumberLength = v; }
        public int getMaxStringLength() { return maxStringLength; }
        public void setMaxStringLength(int v) { maxStringLength = v; }
        public int getMaxNameLength() { return maxNameLength; }
        public void setMaxNameLength(int v) { maxNameLength = v; }
    }
}
