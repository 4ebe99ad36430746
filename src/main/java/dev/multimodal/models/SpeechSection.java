package dev.multimodal.models;

import com.fasterxml.jackson.databind.JsonNode;

/** A speech model's {@code speech} section: how widely its decoder searches. */
final class SpeechSection {

    private SpeechSection() {}

    /** Optional: a model without it is searched with Sphinx4's own (wide, slow) defaults. */
    static ModelManifest.SpeechSettings read(JsonNode root, String id) throws ManifestException {
        JsonNode node = root.get("speech");
        ModelManifest.SpeechSettings defaults = ModelManifest.SpeechSettings.SPHINX4_DEFAULTS;
        if (node == null) {
            return defaults;
        }
        if (!node.isObject()) {
            throw new ManifestException(
                    id,
                    "speech",
                    "must be an object",
                    "e.g. {\"absoluteBeamWidth\": 2500, \"relativeBeamWidth\": 1e-48}");
        }
        return new ModelManifest.SpeechSettings(
                width(node, "absoluteBeamWidth", defaults.absoluteBeamWidth(), id),
                probability(node, "relativeBeamWidth", defaults.relativeBeamWidth(), id),
                width(node, "absoluteWordBeamWidth", defaults.absoluteWordBeamWidth(), id),
                probability(node, "relativeWordBeamWidth", defaults.relativeWordBeamWidth(), id),
                heap(node, id));
    }

    /**
     * An absolute beam: at least 3, since Sphinx4 sizes an active list at a third of it and a list of
     * none grows by doubling for ever (a StackOverflowError on the first frame).
     */
    private static int width(JsonNode node, String field, int fallback, String id) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asInt() < 3) {
            throw new ManifestException(id, "speech." + field, "must be a whole number of at least 3", "e.g. 2500");
        }
        return value.asInt();
    }

    /**
     * Required with the section: narrower beams hold less, and a figure for other beams would let the
     * heap admit decoders it cannot hold.
     */
    private static int heap(JsonNode node, String id) throws ManifestException {
        JsonNode value = node.get("decoderHeapMiB");
        if (value == null || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new ManifestException(
                    id,
                    "speech.decoderHeapMiB",
                    "must be a whole number of MiB above 0: the heap one decoder holds while it decodes",
                    "e.g. 256");
        }
        return value.asInt();
    }

    /** A relative beam: a factor above 0 and at most 1 (1 keeps only the best). */
    private static double probability(JsonNode node, String field, double fallback, String id)
            throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || !(value.asDouble() > 0) || value.asDouble() > 1) {
            throw new ManifestException(id, "speech." + field, "must be a number above 0 and at most 1", "e.g. 1e-48");
        }
        return value.asDouble();
    }
}
