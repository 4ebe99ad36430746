package dev.multimodal.http;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Plain-text HTTP stays HTTP/1.1: a client's {@code Upgrade: h2c} is ignored, as the HTTP spec lets
 * a server do. Java's own HttpClient asks for that upgrade on every plain-text request, and on an
 * upgraded POST Vert.x has read the body before RESTEasy Reactive's endpoints start, which then fail
 * with "Request has already been read" (a 500): LangChain4j's OpenAiEmbeddingModel hit it at
 * {@code /v1/embeddings}, as any client on Java's HttpClient would at {@code /v1} and {@code /v2}.
 * HTTP/2 over TLS (ALPN) is untouched.
 */
@ApplicationScoped
public class Http1Cleartext implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
