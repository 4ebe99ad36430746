package dev.multimodal.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * OpenAI's {@code GET /v1/models}: the text models {@code POST /v1/embeddings} serves, by the ids it
 * takes as {@code model}. {@code created} is when this process started serving them.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiModelsResource {

    static final String OWNER = "multimodal-functions";

    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {}

    public record ModelList(String object, List<Model> data) {}

    @Inject
    ModelService models;

    private final long created = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000;

    @GET
    public ModelList list() {
        return new ModelList(
                "list", models.textEncoders().keySet().stream().map(this::model).toList());
    }

    @GET
    @Path("/{id}")
    public Model get(@PathParam("id") String id) {
        if (!models.textEncoders().containsKey(id)) {
            throw InputException.notFound(
                    "model",
                    "The model '" + id + "' does not exist here; text models: "
                            + models.textEncoders().keySet());
        }
        return model(id);
    }

    private Model model(String id) {
        return new Model(id, "model", created, OWNER);
    }
}
