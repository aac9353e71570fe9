package vn.gov.ndxp.adapters.ndxp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of platform-http on /ndxp/v1/*: Camel's binding reads (and caches) the whole request body
 * before the route's first step runs, so the body it sees is cut here. A body declared larger than
 * ndxp.inbound.max-body-size is not read at all; any other body (chunked ones too) ends after one byte
 * past the limit. The InboundGuard then authenticates the caller and answers 413
 * client.payload-too-large from what it got, so the refusal is typed and recorded like any other.
 */
public class InboundBodyLimit extends OncePerRequestFilter {

    private final NdxpProperties props;

    public InboundBodyLimit(NdxpProperties props) {
        this.props = props;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = props.getInbound().getMaxBodySize().toBytes();
        long declared = request.getContentLengthLong();
        chain.doFilter(new Bounded(request, declared > max ? 0 : max + 1), response);
    }

    /** The request whose body ends after {@code readable} bytes. */
    static final class Bounded extends HttpServletRequestWrapper {
        private final long readable;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long readable) {
            super(request);
            this.readable = readable;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Cut(super.getInputStream(), readable);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Cut extends ServletInputStream {
        private final ServletInputStream in;
        private long left;

        Cut(ServletInputStream in, long readable) {
            this.in = in;
            this.left = readable;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return left <= 0 || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return left <= 0 || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return left <= 0 ? 0 : (int) Math.min(in.available(), left);
        }
    }
}
