package dev.multimodal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a {@code model.json}. Every refusal names the model, the field and the fix,
 * the way Triton refuses a bad model config.
 */
public final class ManifestReader {

    public static final String MANIFEST = "model.json";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** {@code local}: made on this machine (a head written by train-head), nothing to fetch. */
    private static final Set<String> SOURCE_TYPES = Set.of("maven", "npm", "https", "local");

    private final ObjectMapper mapper = new ObjectMapper();

    public ModelManifest read(Path directory) throws ManifestException {
        String folderId = directory.getFileName().toString();
        JsonNode root = json(directory.resolve(MANIFEST), folderId);
        String id = id(root, folderId);
        ModelFamily family = family(root, id);
        boolean bundled = root.path("bundled").asBoolean(false);
        List<ModelManifest.ModelFile> files = files(root, id, bundled);
        Map<String, String> tensors = tensors(root, id);
        requireRoles(family, files, tensors, id);
        boolean texts = family == ModelFamily.TEXT_ENCODER || family == ModelFamily.CLIP;
        boolean images = family == ModelFamily.IMAGE_ENCODER || family == ModelFamily.CLIP;
        ModelManifest.TextSettings text = texts ? ManifestSections.text(root, id) : null;
        ModelManifest.ImageSettings image = images ? ManifestSections.image(root, id) : null;
        ModelManifest.ClipSettings clip = family == ModelFamily.CLIP ? ManifestSections.clip(root, id) : null;
        ModelManifest.OcrSettings ocr = family == ModelFamily.OCR ? ManifestSections.ocr(root, id) : null;
        ModelManifest.HeadSettings head = family == ModelFamily.HEAD ? ManifestSections.head(root, id) : null;
        ModelManifest.SpeechSettings speech = family == ModelFamily.ASR_SPHINX4 ? SpeechSection.read(root, id) : null;
        int dimension = family.makesVectors() ? positiveInt(root, "dimension", id) : 0;
        if (head != null
                && head.task() == HeadTask.CLASSIFICATION
                && head.labels().size() != dimension) {
            throw new ManifestException(
                    id,
                    "head.labels",
                    "has " + head.labels().size() + " labels for " + dimension + " outputs",
                    "list one label per output, in the output's order");
        }
        return new ModelManifest(
                id,
                text(root, "version", id),
                family,
                optionalText(root, "description"),
                text(root, "license", id),
                bundled,
                files,
                tensors,
                text,
                image,
                clip,
                ocr,
                head,
                speech,
                ModelBatching.read(root, id, family.graphs()),
                dimension,
                directory);
    }

    private JsonNode json(Path file, String folderId) throws ManifestException {
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ManifestException(
                    folderId,
                    MANIFEST,
                    "cannot be read as JSON (" + e.getMessage() + ")",
                    "correct the JSON syntax of " + file);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(folderId, MANIFEST, "is not a JSON object", "write the manifest as an object");
        }
        return root;
    }

    /** The manifest's id: a valid one, equal to its folder's name. */
    private static String id(JsonNode root, String folderId) throws ManifestException {
        String id = text(root, "id", folderId);
        if (!ID.matcher(id).matches()) {
            throw new ManifestException(
                    folderId,
                    "id",
                    "'" + id + "' is not a valid id",
                    "use lower-case letters, digits, '.', '_' and '-', at most 64 characters");
        }
        if (!id.equals(folderId)) {
            throw new ManifestException(
                    id,
                    "id",
                    "does not match its folder '" + folderId + "'",
                    "rename the folder to models/" + id + " or set id to '" + folderId + "'");
        }
        return id;
    }

    private static ModelFamily family(JsonNode root, String id) throws ManifestException {
        String familyLabel = text(root, "family", id);
        ModelFamily family = ModelFamily.fromLabel(familyLabel);
        if (family == null) {
            throw new ManifestException(
                    id,
                    "family",
                    "unknown family '" + familyLabel + "'",
                    "use one of "
                            + Arrays.stream(ModelFamily.values())
                                    .map(ModelFamily::label)
                                    .toList());
        }
        return family;
    }

    /** The files and tensors every model of {@code family} needs are there. */
    private static void requireRoles(
            ModelFamily family, List<ModelManifest.ModelFile> files, Map<String, String> tensors, String id)
            throws ManifestException {
        for (String role : family.requiredFiles()) {
            requireRole(files, role, id);
        }
        for (String role : family.requiredTensors()) {
            if (!tensors.containsKey(role)) {
                throw new ManifestException(
                        id,
                        "tensors." + role,
                        "is missing",
                        "name the graph's tensor for " + role + ", e.g. \"" + role + "\": \"input_ids\"");
            }
        }
    }

    private List<ModelManifest.ModelFile> files(JsonNode root, String id, boolean bundled) throws ManifestException {
        JsonNode array = root.get("files");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new ManifestException(
                    id, "files", "is missing or empty", "list the model's files with name, role, sha256 and source");
        }
        List<ModelManifest.ModelFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String at = "files[" + i + "]";
            String name = text(node, "name", id, at);
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new ManifestException(
                        id,
                        at + ".name",
                        "'" + name + "' is not a plain file name",
                        "name a file inside models/" + id + " without folders");
            }
            if (!names.add(name)) {
                throw new ManifestException(id, at + ".name", "'" + name + "' is listed twice", "list each file once");
            }
            // a model fetched only where there is internet may leave its hashes to be pinned on first fetch
            String sha = !bundled && !node.has("sha256")
                    ? null
                    : text(node, "sha256", id, at).toLowerCase();
            if (sha != null && !SHA256.matcher(sha).matches()) {
                throw new ManifestException(
                        id, at + ".sha256", "is not 64 hex digits", "put the file's sha256 (sha256sum " + name + ")");
            }
            ModelManifest.Source source = source(node.get("source"), id, at);
            files.add(new ModelManifest.ModelFile(name, text(node, "role", id, at), sha, source));
        }
        return files;
    }

    /** Where a file comes from: maven (group:artifact:version), npm (package@version), https, or local. */
    private static ModelManifest.Source source(JsonNode src, String id, String at) throws ManifestException {
        if (src == null || !src.isObject()) {
            throw new ManifestException(
                    id,
                    at + ".source",
                    "is missing",
                    "say where the file comes from: {\"type\": \"maven\"|\"npm\"|\"https\", ...}");
        }
        String type = text(src, "type", id, at + ".source");
        if (!SOURCE_TYPES.contains(type)) {
            throw new ManifestException(
                    id, at + ".source.type", "unknown source type '" + type + "'", "use one of " + SOURCE_TYPES);
        }
        String artifact = src.hasNonNull("artifact") ? src.get("artifact").asText() : null;
        String url = src.hasNonNull("url") ? src.get("url").asText() : null;
        if (type.equals("https") && (url == null || !url.startsWith("https://"))) {
            throw new ManifestException(
                    id, at + ".source.url", "is missing or not an https URL", "give the https address of the file");
        }
        if ((type.equals("maven") || type.equals("npm")) && artifact == null) {
            throw new ManifestException(
                    id,
                    at + ".source.artifact",
                    "is missing",
                    type.equals("maven") ? "give \"group:artifact:version\"" : "give \"package@version\"");
        }
        if (type.equals("maven") && artifact.split(":").length != 3) {
            throw new ManifestException(
                    id,
                    at + ".source.artifact",
                    "'" + artifact + "' is not group:artifact:version",
                    "give the Maven coordinates as group:artifact:version");
        }
        String path = src.hasNonNull("path") ? src.get("path").asText() : null;
        return new ModelManifest.Source(type, artifact, url, path);
    }

    private Map<String, String> tensors(JsonNode root, String id) throws ManifestException {
        JsonNode node = root.get("tensors");
        if (node == null || !node.isObject()) {
            throw new ManifestException(id, "tensors", "is missing", "map tensor roles to the graph's tensor names");
        }
        Map<String, String> tensors = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw new ManifestException(
                        id, "tensors." + entry.getKey(), "is not a tensor name", "give the name as a string");
            }
            tensors.put(entry.getKey(), entry.getValue().asText());
        }
        return tensors;
    }

    private static void requireRole(List<ModelManifest.ModelFile> files, String role, String id)
            throws ManifestException {
        if (files.stream().noneMatch(f -> f.role().equals(role))) {
            throw new ManifestException(
                    id,
                    "files",
                    "no file has role '" + role + "'",
                    "add the " + role + " file with \"role\": \"" + role + "\"");
        }
    }

    static String text(JsonNode node, String field, String id) throws ManifestException {
        return text(node, field, id, null);
    }

    static String text(JsonNode node, String field, String id, String parent) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ManifestException(
                    id,
                    parent == null ? field : parent + "." + field,
                    value == null ? "is missing" : "must be a non-empty string",
                    "set " + field + " to a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    static int positiveInt(JsonNode node, String field, String id) throws ManifestException {
        return positiveInt(node, field, id, null);
    }

    static int positiveInt(JsonNode node, String field, String id, String parent) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
            throw new ManifestException(
                    id,
                    parent == null ? field : parent + "." + field,
                    value == null ? "is missing" : "must be a positive integer",
                    "set " + field + " to a positive integer");
        }
        return value.asInt();
    }
}
