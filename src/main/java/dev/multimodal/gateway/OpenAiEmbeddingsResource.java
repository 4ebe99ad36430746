package dev.multimodal.gateway;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/**
 * OpenAI's {@code POST /v1/embeddings} ({@link OpenAiEmbeddings}) for the requests its event-loop
 * route leaves (a body over 16 KB, chunked, or sent after {@code Expect: 100-continue}), and the path
 * in {@code /q/openapi}. Runs on a worker thread: bound on the event loop, bodies of a few KB
 * reached Jackson as NUL bytes (400 "CTRL-CHAR, code 0").
 */
@Path("/v1/embeddings")
public class OpenAiEmbeddingsResource {

    @Inject
    OpenAiEmbeddings embeddings;

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<EmbeddingsResponse> create(EmbeddingsRequest request) {
        return embeddings.create(request);
    }
}
