package vn.gov.ndxp.adapters.platform;

import org.springframework.core.env.Environment;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The platform's URLs, resolved when first needed: in the sandbox the platform stand-in lives on this
 * runtime's own port, which is known only once the web server has started.
 */
public class PlatformEndpoints {

    private final NdxpProperties props;
    private final Environment env;

    public PlatformEndpoints(NdxpProperties props, Environment env) {
        this.props = props;
        this.env = env;
    }

    public String baseUrl() {
        String url = props.getPlatform().getUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ndxp.platform.url is not set (NDXP_PLATFORM_URL)");
        }
        url = env.resolveRequiredPlaceholders(url);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String tokenUrl() {
        return baseUrl() + props.getPlatform().getTokenPath();
    }

    public String jwksUrl() {
        return baseUrl() + props.getPlatform().getJwksPath();
    }

    public String serviceUrl(String serviceId, String path) {
        return baseUrl() + props.getPlatform().getServicesPath() + "/" + serviceId + (path == null ? "" : path);
    }
}
