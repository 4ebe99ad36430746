package dev.multimodal.http;

import dev.multimodal.image.EncodedImage;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an {@code imageUrl} for a request, off by default. Before every connection — the first
 * and after each redirect, at most {@code maxRedirects} — the host is resolved and every address
 * it resolves to is checked against the {@link AddressPolicy}; the connection then goes to the
 * checked address itself (the name still serves for Host and TLS), so a second DNS answer cannot
 * swap in an internal one. The body is cut off past {@code maxBytes}; the whole fetch has one
 * deadline. Blocking: call it from a worker thread.
 */
public final class ImageUrlFetcher implements AutoCloseable {

    /** @param enabled off by default: a service that fetches URLs must mean to */
    public record Settings(boolean enabled, long maxBytes, Duration timeout, int maxRedirects, AddressPolicy policy) {}

    private record Reply(int status, String location, String contentType, byte[] body) {}

    private final Settings settings;
    private final HttpClient client;

    public ImageUrlFetcher(Vertx vertx, Settings settings) {
        this.settings = settings;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setConnectTimeout(
                        (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis())));
    }

    public EncodedImage fetch(String url, String field) {
        if (!settings.enabled()) {
            throw InputException.unprocessable(
                    field,
                    field + " is turned off on this service (" + Keys.IMAGE_URL_ENABLED
                            + "=false): send the image itself");
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        URI uri = parse(url, field);
        for (int redirects = 0; ; redirects++) {
            Reply reply = get(uri, field, deadline);
            if (reply.status() >= 300 && reply.status() < 400 && reply.location() != null) {
                if (redirects >= settings.maxRedirects()) {
                    throw InputException.unprocessable(
                            field, field + " redirected more than " + settings.maxRedirects() + " times");
                }
                uri = parse(uri.resolve(reply.location()).toString(), field);
                continue;
            }
            if (reply.status() != 200) {
                throw InputException.unprocessable(field, field + " answered HTTP " + reply.status());
            }
            String type = reply.contentType() == null ? null : MediaTypes.of(reply.contentType());
            return new EncodedImage(reply.body(), type != null && EncodedImage.supportedType(type) ? type : null);
        }
    }

    private static URI parse(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw InputException.badRequest(field, field + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw InputException.badRequest(field, field + " must be an http or https URL, not " + Echo.quoted(scheme));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw InputException.badRequest(field, field + " has no host");
        }
        if (uri.getUserInfo() != null) {
            throw InputException.badRequest(field, field + " must not carry credentials");
        }
        return uri;
    }

    private Reply get(URI uri, String field, long deadline) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress target = checkedAddress(host, field);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        long left = remainingMillis(deadline, field);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(host)
                .setPort(port)
                .setURI(path)
                .setSsl(https)
                .setFollowRedirects(false)
                .setTimeout(left)
                .setServer(SocketAddress.inetSocketAddress(port, target.getHostAddress()));
        Future<Reply> reply = client.request(options).compose(request -> {
            // handlers go on the response in the callback that delivers it, before any body arrives;
            // a chained future could run after a short body has already ended
            Promise<Reply> promise = Promise.promise();
            request.response(arrived -> {
                if (arrived.failed()) {
                    promise.tryFail(arrived.cause());
                } else {
                    read(arrived.result(), field, promise);
                }
            });
            request.end();
            return promise.future();
        });
        try {
            return reply.toCompletionStage()
                    .toCompletableFuture()
                    .get(remainingMillis(deadline, field), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InputException input) {
                throw input;
            }
            throw InputException.unprocessable(
                    field,
                    field + " could not be fetched (" + e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage() + ")");
        } catch (TimeoutException e) {
            throw InputException.unprocessable(
                    field, field + " took longer than " + settings.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InputException.unprocessable(field, field + " fetch was interrupted");
        }
    }

    /** Every address the name resolves to must pass: the connection goes to the first of them. */
    private InetAddress checkedAddress(String host, String field) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw InputException.unprocessable(field, field + " names a host that does not resolve: " + host);
        }
        for (InetAddress address : addresses) {
            String refusal = settings.policy().refusal(address);
            if (refusal != null) {
                throw InputException.unprocessable(
                        field,
                        field + " leads to " + address.getHostAddress() + ", " + refusal
                                + ", which this service does not fetch from");
            }
        }
        return addresses[0];
    }

    private void read(HttpClientResponse response, String field, Promise<Reply> promise) {
        int status = response.statusCode();
        if (status != 200) {
            promise.tryComplete(new Reply(status, response.getHeader("Location"), null, null));
            return;
        }
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > settings.maxBytes()) {
            promise.tryFail(tooLarge(field)); // first: resetting fails the exchange with its own error
            response.request().reset();
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > settings.maxBytes()) {
                promise.tryFail(tooLarge(field));
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        long declared = length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
        response.endHandler(done -> {
            if (declared >= 0 && body.length() != declared) {
                promise.tryFail(truncated(field, declared, body.length()));
            } else {
                promise.tryComplete(new Reply(200, null, response.getHeader("Content-Type"), body.getBytes()));
            }
        });
        response.exceptionHandler(failure ->
                promise.tryFail(declared > body.length() ? truncated(field, declared, body.length()) : failure));
    }

    /** The server closed the connection before the body its Content-Length announced. */
    private static InputException truncated(String field, long declared, int received) {
        return InputException.badRequest(
                field,
                field + " is truncated: its server announced Content-Length " + declared + " but sent " + received
                        + " bytes");
    }

    private InputException tooLarge(String field) {
        return InputException.tooLarge(
                field,
                field + " returned more than " + settings.maxBytes() + " bytes; the limit is " + settings.maxBytes());
    }

    private long remainingMillis(long deadline, String field) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw InputException.unprocessable(
                    field, field + " took longer than " + settings.timeout().toSeconds() + " s");
        }
        return left;
    }

    @Override
    public void close() {
        client.close();
    }
}
