package dev.multimodal.models;

import ai.onnxruntime.OrtSession;
import dev.multimodal.runtime.LoadedSession;
import java.util.Map;
import java.util.Set;

/**
 * The tensor names a manifest gives must exist in the graph each belongs to, and every input of
 * every graph must be mapped to a role.
 */
final class TensorCheck {

    private TensorCheck() {}

    static void check(ModelManifest manifest, Map<String, LoadedSession> sessions) throws ManifestException {
        for (Map.Entry<String, String> entry : manifest.tensors().entrySet()) {
            String graph = manifest.graphOf(entry.getKey());
            OrtSession session = sessions.get(graph).session();
            Set<String> inputs = session.getInputNames();
            Set<String> outputs = session.getOutputNames();
            boolean output = outputs.contains(entry.getValue());
            if (!output && !inputs.contains(entry.getValue())) {
                throw new ManifestException(
                        manifest.id(),
                        "tensors." + entry.getKey(),
                        "the " + graph + " graph has no tensor named '" + entry.getValue() + "'",
                        "use one of its inputs " + inputs + " or outputs " + outputs);
            }
        }
        for (Map.Entry<String, LoadedSession> graph : sessions.entrySet()) {
            for (String input : graph.getValue().session().getInputNames()) {
                boolean mapped = manifest.tensors().entrySet().stream()
                        .anyMatch(e -> e.getValue().equals(input)
                                && manifest.graphOf(e.getKey()).equals(graph.getKey()));
                if (!mapped) {
                    throw new ManifestException(
                            manifest.id(),
                            "tensors",
                            "the " + graph.getKey() + " graph's input '" + input + "' is not mapped to a role",
                            "map it, e.g. \"tokenTypeIds\": \"" + input + "\"");
                }
            }
        }
    }
}
