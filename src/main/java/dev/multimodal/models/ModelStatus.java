package dev.multimodal.models;

/**
 * Where a model stands. Readiness is UP only when every configured model is {@code READY}, or
 * {@code NOT_INSTALLED}: an optional model whose weights nobody fetched.
 *
 * @param provider the execution provider its session runs on, once loaded
 */
public record ModelStatus(String id, State state, String provider, String field, String error, String fix) {

    public enum State {
        LOADING,
        READY,
        FAILED,
        NOT_INSTALLED
    }

    public static ModelStatus notInstalled(String id, String fix) {
        return new ModelStatus(id, State.NOT_INSTALLED, null, null, "optional model, weights not fetched", fix);
    }

    public static ModelStatus loading(String id) {
        return new ModelStatus(id, State.LOADING, null, null, null, null);
    }

    public static ModelStatus failed(ManifestException e) {
        return new ModelStatus(e.modelId(), State.FAILED, null, e.field(), e.getMessage(), e.fix());
    }

    public ModelStatus ready(String runningOn) {
        return new ModelStatus(id, State.READY, runningOn, null, null, null);
    }
}
