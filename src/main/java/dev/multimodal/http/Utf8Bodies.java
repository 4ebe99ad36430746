package dev.multimodal.http;

import dev.multimodal.refusal.InputException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The REST endpoints' ({@code /v1/analyze}, {@code /v2}) side of the UTF-8 check that
 * {@link RequestGuard} makes for the functions: a JSON body is checked as it is read, and the first
 * byte that is not strict UTF-8 is a 400 naming the body.
 */
@Provider
public class Utf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String type = context.getMediaType() == null
                ? ""
                : MediaTypes.of(context.getMediaType().toString());
        if (CloudEventCheck.isJson(type)) {
            context.setInputStream(new Checked(context.getInputStream()));
        }
        return context.proceed();
    }

    /** Passes bytes through, refusing the body at the first that is not UTF-8. */
    static final class Checked extends FilterInputStream {

        private final Utf8Check check = new Utf8Check();
        private final byte[] one = new byte[1];

        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            long bad = n > 0 ? check.feed(b, off, n) : n < 0 ? check.finish() : -1;
            if (bad >= 0) {
                throw InputException.badRequest("body", Utf8Check.message(bad));
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }
    }
}
