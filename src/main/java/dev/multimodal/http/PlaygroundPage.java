package dev.multimodal.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The playground's static files live under /ui/ (META-INF/resources/ui); a bare /ui, as people
 * type it, is sent there rather than left to the function routes, which own every other top path.
 * <p>
 * The page itself is served here, never cached without asking ({@code no-cache} with an ETag), and
 * names its scripts and style by their content's hash ({@code app.js?v=…}): Quarkus serves static
 * files as {@code public, immutable, max-age=86400}, so after an upgrade a browser kept the old page
 * for a day. Everything under /ui/ carries a strict Content-Security-Policy (no inline script or
 * style, nothing from other origins, no framing), {@code X-Content-Type-Options: nosniff} and no
 * referrer.
 */
@ApplicationScoped
public class PlaygroundPage {

    /** media-src: the page plays back the recording or file the user chose, from a blob: URL it made. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** The assets the page names, each given its content's hash as a version. */
    private static final List<String> ASSETS = List.of("app.css", "app.js", "media.js");

    private static final String ROOT = "META-INF/resources/ui/";

    private byte[] page;
    private String etag;

    void install(@Observes Router router) {
        String html = read("index.html");
        for (String asset : ASSETS) {
            html = html.replace("=\"" + asset + "\"", "=\"" + asset + "?v=" + hash(read(asset)) + "\"");
        }
        page = html.getBytes(StandardCharsets.UTF_8);
        etag = "\"" + hash(html) + "\"";
        // a regex: a plain "/ui" route would also match "/ui/" and redirect it to itself
        router.routeWithRegex(HttpMethod.GET, "^/ui$").order(-500).handler(ctx -> ctx.redirect("/ui/"));
        router.routeWithRegex("^/ui/.*").order(-501).handler(PlaygroundPage::secure);
        router.routeWithRegex(HttpMethod.GET, "^/ui/(index\\.html)?$")
                .order(-500)
                .handler(this::page);
        router.routeWithRegex(HttpMethod.HEAD, "^/ui/(index\\.html)?$")
                .order(-500)
                .handler(this::page);
    }

    private static void secure(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    private void page(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-cache").putHeader("ETag", etag);
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8");
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response()
                    .putHeader("Content-Length", Integer.toString(page.length))
                    .end();
        } else {
            ctx.response().end(Buffer.buffer(page));
        }
    }

    private static String read(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the playground's " + name + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
