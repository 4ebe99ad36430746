package dev.multimodal.gateway;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.DynamicBatcher;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    @Inject
    MmfConfig config;

    /** One per graph name: its rules, read once from the manifest, and its admission. */
    private final Map<String, OipInference> inferences = new ConcurrentHashMap<>();

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
        return Response.status(ready ? 200 : 503)
                .entity(Map.of("ready", ready))
                .type(MediaType.APPLICATION_JSON)
                .build();
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
        return Response.status(ready ? 200 : 503)
                .entity(Map.of("name", name, "ready", ready))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @POST
    @Path("/models/{name}/infer")
    @Blocking
    public Response infer(@PathParam("name") String name, byte[] body) throws Exception {
        Graph graph = graph(name);
        OipRequest request = OipRequestReader.read(body, config.oip().maxInputElements());
        DynamicBatcher<?, ?> batcher = models.batcher(graph.batcherName())
                .orElseThrow(() -> InputException.unavailable(
                        "name", "model " + Echo.quoted(name) + " is not ready: it failed to start"));
        OipInference inference = inferences.computeIfAbsent(
                name,
                n -> new OipInference(
                        graph.session(),
                        OipGraphRules.of(graph.model().manifest(), graph.role()),
                        batcher,
                        config.oip().maxOutputBytes()));
        List<OipInference.Output> outputs = inference.run(request);
        String version = graph.model().manifest().version();
        OipResponseWriter.checkFinite(name, outputs);
        StreamingOutput entity = out -> OipResponseWriter.write(name, version, request.id(), outputs, out);
        return Response.ok(entity, MediaType.APPLICATION_JSON).build();
    }

    /** Every other path under /v2 answers JSON, as the rest of the protocol does, never an HTML page. */
    @GET
    @Path("/{path: .+}")
    public Response unknownGet(@PathParam("path") String path) {
        return unknown("GET", path);
    }

    @POST
    @Path("/{path: .+}")
    public Response unknownPost(@PathParam("path") String path) {
        return unknown("POST", path);
    }

    @PUT
    @Path("/{path: .*}")
    public Response unknownPut(@PathParam("path") String path) {
        return unknown("PUT", path);
    }

    @DELETE
    @Path("/{path: .*}")
    public Response unknownDelete(@PathParam("path") String path) {
        return unknown("DELETE", path);
    }

    private static Response unknown(String method, String path) {
        boolean known = path.matches("models/[^/]+(/ready|/infer)?|health/(live|ready)|");
        int status = known ? 405 : 404;
        String error = known
                ? method + " is not served at /v2/" + Echo.bounded(path) + ": "
                        + (path.endsWith("/infer") ? "use POST" : "use GET")
                : "no OIP v2 endpoint at /v2/" + Echo.bounded(path) + "; see /v2, /v2/health/live, /v2/health/ready, "
                        + "/v2/models/{name}, /v2/models/{name}/ready and POST /v2/models/{name}/infer";
        return Response.status(status)
                .entity(Map.of("error", error, "field", known ? "method" : "path"))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** One ONNX graph of a loaded model. */
    record Graph(LoadedModel model, OrtSession session, String role) {

        /** The name of the graph's batcher: the model's id, or {@code <id>/<graph>} for a model of several. */
        String batcherName() {
            return model.sessions().size() == 1
                    ? model.manifest().id()
                    : model.manifest().id() + "/" + role;
        }
    }

    private Graph graph(String name) {
        Optional<LoadedModel> model = models.repository().get(name);
        if (model.isPresent() && model.get().sessions().size() == 1) {
            String role = model.get().sessions().keySet().iterator().next();
            return new Graph(model.get(), model.get().session().session(), role);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Optional<LoadedModel> parent = models.repository().get(name.substring(0, dot));
            String role = name.substring(dot + 1);
            if (parent.isPresent() && parent.get().session(role) != null) {
                return new Graph(parent.get(), parent.get().session(role).session(), role);
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
        throw InputException.notFound("name", "no model named " + Echo.quoted(name) + "; models: " + names);
    }

    private static List<Map<String, Object>> tensors(Map<String, NodeInfo> info) {
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (NodeInfo node : info.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                tensors.add(
                        Map.of("name", node.getName(), "datatype", OipTensors.datatype(t.type), "shape", t.getShape()));
            }
        }
        return tensors;
    }
}
