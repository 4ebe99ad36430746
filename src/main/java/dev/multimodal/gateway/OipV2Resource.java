package dev.multimodal.gateway;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.service.ModelService;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.runtime.InputException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol v2 (KServe v2 / Triton REST) over every loaded model graph: health,
 * server and model metadata, readiness, and {@code infer} on raw tensors with the protocol's field
 * names and datatypes. A single-graph model is named by its id; the graphs of a clip or ocr model
 * as {@code <id>.<graph>}, e.g. {@code pp-ocrv4.detection}.
 */
@Path("/v2")
public class OipV2Resource {

    @Inject
    ModelService models;

    @GET
    public Map<String, Object> server() {
        return Map.of("name", "multimodal-functions", "version", "0.1.0", "extensions", List.of());
    }

    @GET
    @Path("/health/live")
    public Map<String, Object> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    public Response ready() {
        boolean ready = models.repository() != null && models.repository().allReady();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/models/{name}")
    public Map<String, Object> metadata(@PathParam("name") String name) throws OrtException {
        Graph graph = graph(name);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("versions", List.of(graph.model().manifest().version()));
        metadata.put("platform", "onnxruntime_onnx");
        metadata.put("inputs", tensors(graph.session().getInputInfo()));
        metadata.put("outputs", tensors(graph.session().getOutputInfo()));
        return metadata;
    }

    @GET
    @Path("/models/{name}/ready")
    public Response modelReady(@PathParam("name") String name) {
        Graph graph = graph(name);
        String id = graph.model().manifest().id();
        boolean ready = models.repository().statuses().stream()
                .anyMatch(s -> s.id().equals(id) && s.state() == ModelStatus.State.READY);
        return Response.status(ready ? 200 : 503).entity(Map.of("name", name, "ready", ready))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/models/{name}/infer")
    @Blocking
    public Map<String, Object> infer(@PathParam("name") String name, InferRequest request) throws OrtException {
        Graph graph = graph(name);
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw InputException.badRequest("inputs", "inputs is required: [{name, shape, datatype, data}]");
        }
        return new OipInference(graph.session()).run(name, graph.model().manifest().version(), request);
    }

    /** Bad requests answer as everywhere else in the service: a status and {"error", "field"}. */

    /** One ONNX graph of a loaded model. */
    record Graph(LoadedModel model, OrtSession session) {
    }

    private Graph graph(String name) {
        Optional<LoadedModel> model = models.repository().get(name);
        if (model.isPresent() && model.get().sessions().size() == 1) {
            return new Graph(model.get(), model.get().session().session());
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Optional<LoadedModel> parent = models.repository().get(name.substring(0, dot));
            String role = name.substring(dot + 1);
            if (parent.isPresent() && parent.get().session(role) != null) {
                return new Graph(parent.get(), parent.get().session(role).session());
            }
        }
        List<String> names = new ArrayList<>();
        for (LoadedModel m : models.repository().loaded()) {
            if (m.sessions().size() == 1) {
                names.add(m.manifest().id());
            } else {
                m.sessions().keySet().forEach(role -> names.add(m.manifest().id() + "." + role));
            }
        }
        throw InputException.notFound("name", "no model named '" + name + "'; models: " + names);
    }

    private static List<Map<String, Object>> tensors(Map<String, NodeInfo> info) {
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (NodeInfo node : info.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                tensors.add(Map.of("name", node.getName(), "datatype", OipInference.datatype(t.type),
                        "shape", t.getShape()));
            }
        }
        return tensors;
    }

    /**
     * An OIP v2 inference request.
     *
     * @param outputs the outputs wanted, by name; all when absent
     */
    public record InferRequest(String id, List<Tensor> inputs, List<Map<String, Object>> outputs) {
    }

    /** A tensor as the protocol writes it: row-major data, flattened. */
    public record Tensor(String name, long[] shape, String datatype, List<Object> data) {
    }
}
