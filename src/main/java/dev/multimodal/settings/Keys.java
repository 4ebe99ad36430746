package dev.multimodal.settings;

/**
 * The names of the {@code mmf.*} settings that the code writes out: in refusals and warnings (so a
 * user reads which setting to change), in the OpenAPI descriptions, and where early start-up reads
 * a group before the framework is up. One class, so that a renamed setting is renamed once, and a
 * test (ConfigurationDocsTest) holds every name here against the mapping and docs/configuration.md.
 * It uses nothing of ours and every package may use it, so even the core names a setting it cannot see.
 */
public final class Keys {

    // groups: prefixes that start-up and the relocation of the old gateway.* names read under
    public static final String BATCH = "mmf.batch";
    public static final String GATEWAY = "mmf.gateway";
    public static final String MODELS = "mmf.models";
    public static final String RUNTIME = "mmf.runtime";

    public static final String AUDIO_ASR_MODEL = "mmf.audio.asr-model";
    public static final String AUDIO_MAX_BYTES = "mmf.audio.max-bytes";
    public static final String AUDIO_MAX_CHANNELS = "mmf.audio.max-channels";
    public static final String AUDIO_MAX_SAMPLE_RATE = "mmf.audio.max-sample-rate";
    public static final String AUDIO_MAX_SAMPLES_IN_FLIGHT = "mmf.audio.max-samples-in-flight";
    public static final String AUDIO_MAX_SECONDS = "mmf.audio.max-seconds";
    public static final String AUDIO_TIME_BUDGET = "mmf.audio.time-budget";

    public static final String BATCH_CALLER_RUNS = "mmf.batch.caller-runs";
    public static final String BATCH_DRAIN_TIMEOUT = "mmf.batch.drain-timeout";
    public static final String BATCH_MAX_BYTES_IN_FLIGHT = "mmf.batch.max-bytes-in-flight";
    public static final String BATCH_QUEUE_CAPACITY = "mmf.batch.queue-capacity";
    public static final String BATCH_QUEUE_DEADLINE = "mmf.batch.queue-deadline";

    public static final String FUSION_MAX_PARTS = "mmf.fusion.max-parts";
    public static final String FUSION_PROJECTIONS = "mmf.fusion.projections";
    public static final String FUSION_STRATEGY = "mmf.fusion.strategy";
    public static final String FUSION_TEMPERATURE = "mmf.fusion.temperature";

    public static final String GATEWAY_TIMEOUT = "mmf.gateway.timeout";

    public static final String HTTP_MAX_BODY_BYTES_IN_FLIGHT = "mmf.http.max-body-bytes-in-flight";

    public static final String IMAGE_DEFAULT_MODEL = "mmf.image.default-model";
    public static final String IMAGE_MAX_BYTES = "mmf.image.max-bytes";
    public static final String IMAGE_MAX_PIXELS = "mmf.image.max-pixels";
    public static final String IMAGE_MAX_PIXELS_IN_FLIGHT = "mmf.image.max-pixels-in-flight";
    public static final String IMAGE_MAX_WAITING = "mmf.image.max-waiting";
    public static final String IMAGE_THREADS = "mmf.image.threads";
    public static final String IMAGE_URL_ENABLED = "mmf.image.url.enabled";

    public static final String MODELS_FULL_CHECKSUMS = "mmf.models.full-checksums";
    public static final String MODELS_INCLUDE = "mmf.models.include";

    public static final String OCR_MODEL = "mmf.ocr.model";

    public static final String OIP_MAX_INPUT_ELEMENTS = "mmf.oip.max-input-elements";
    public static final String OIP_MAX_OUTPUT_BYTES = "mmf.oip.max-output-bytes";

    public static final String RUNTIME_PROVIDER = "mmf.runtime.provider";

    public static final String SCORING_CAPTION_TEMPLATE = "mmf.scoring.caption-template";
    public static final String SCORING_LOGIT_SCALE = "mmf.scoring.logit-scale";
    public static final String SCORING_MAX_CAPTIONS = "mmf.scoring.max-captions";
    public static final String SCORING_MAX_DOCUMENT_CHARS = "mmf.scoring.max-document-chars";
    public static final String SCORING_MAX_SUMMARIES = "mmf.scoring.max-summaries";

    public static final String TEXT_DEFAULT_MODEL = "mmf.text.default-model";
    public static final String TEXT_MAX_CHARS = "mmf.text.max-chars";
    public static final String TEXT_MAX_CHARS_IN_FLIGHT = "mmf.text.max-chars-in-flight";
    public static final String TEXT_MAX_TEXTS = "mmf.text.max-texts";
    public static final String TEXT_OVERFLOW = "mmf.text.overflow";

    public static final String VIDEO_MAX_BYTES = "mmf.video.max-bytes";
    public static final String VIDEO_MAX_FRAMES = "mmf.video.max-frames";
    public static final String VIDEO_MAX_PIXELS = "mmf.video.max-pixels";
    public static final String VIDEO_MAX_SECONDS = "mmf.video.max-seconds";
    public static final String VIDEO_TIME_BUDGET = "mmf.video.time-budget";

    private Keys() {}
}
