package dev.multimodal.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.Map;
import java.util.Set;

/** The tensor names a manifest gives must exist in the graph it loads. */
final class TensorCheck {

    private TensorCheck() {
    }

    static void check(ModelManifest manifest, OrtSession session) throws ManifestException, OrtException {
        Set<String> inputs = session.getInputNames();
        Set<String> outputs = session.getOutputNames();
        for (Map.Entry<String, String> entry : manifest.tensors().entrySet()) {
            boolean output = entry.getKey().equals("output");
            Set<String> names = output ? outputs : inputs;
            if (!names.contains(entry.getValue())) {
                throw new ManifestException(manifest.id(), "tensors." + entry.getKey(),
                        "the graph has no " + (output ? "output" : "input") + " named '" + entry.getValue() + "'",
                        "use one of " + names);
            }
        }
        for (String input : inputs) {
            if (!manifest.tensors().containsValue(input)) {
                throw new ManifestException(manifest.id(), "tensors",
                        "the graph's input '" + input + "' is not mapped to a role",
                        "map it, e.g. \"tokenTypeIds\": \"" + input + "\"");
            }
        }
    }
}
