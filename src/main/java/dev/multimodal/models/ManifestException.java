package dev.multimodal.models;

/** A manifest or its weights are unusable. The message names the model, the field and the fix. */
public class ManifestException extends Exception {

    private final String modelId;
    private final String field;
    private final String problem;
    private final String fix;

    public ManifestException(String modelId, String field, String problem, String fix) {
        super("model '" + modelId + "', field '" + field + "': " + problem + ". Fix: " + fix);
        this.modelId = modelId;
        this.field = field;
        this.problem = problem;
        this.fix = fix;
    }

    public String modelId() {
        return modelId;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
