package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The envelope of the analysis chain: the inputs, and what each step added. Every step reads its
 * part, adds its result, and passes everything else on unchanged, so the record can travel as the
 * data of CloudEvents from function to function, or through the gateway in one request.
 *
 * @param image     the image, base64 or a data: URI
 * @param audio     a recording, base64 or a data: URI; its transcript is encoded as encode-audio does
 * @param video     a clip, base64 or a data: URI; its shots and transcript are encoded as encode-video does
 * @param text      a text that goes with the image (a description, a title); the OCR text when absent
 * @param captions  candidate captions to rank against the fused vector
 * @param document  a document to score {@code summaries} against
 * @param fusion    the fusion strategy (weighted-average, max, min, median); weighted-average when absent
 * @param timings   milliseconds per step, in chain order
 */
@ApiField("The envelope of the analysis chain: the inputs, and what each step added.")
public record Analysis(
        @ApiField("the image, base64 or a data: URI") String image,

        @ApiField("a recording (WAV, FLAC, MP3, Ogg/Opus, M4A/AAC, WebM, ...), base64 or a data:audio/...;base64, "
                + "URI, at most ${" + Keys.AUDIO_MAX_BYTES + "} bytes and ${" + Keys.AUDIO_MAX_SECONDS + "} s: its "
                + "transcript, encoded as encode-audio encodes it (asr-text), is a part of the fusion")
        String audio,

        @ApiField("a clip (MP4, MOV, MKV, WebM), base64 or a data:video/...;base64, URI, at most ${"
                + Keys.VIDEO_MAX_BYTES + "} bytes and ${" + Keys.VIDEO_MAX_SECONDS + "} s: its shots' keyframes "
                + "pooled and its transcript, as encode-video makes them, are parts of the fusion")
        String video,

        @ApiField("a text that goes with the image; the OCR text when absent")
        String text,

        @ApiField(value = "candidate captions to rank against the fused vector", maxItems = Keys.SCORING_MAX_CAPTIONS)
        List<String> captions,

        @ApiField(value = "a document to score summaries against", maxLength = Keys.SCORING_MAX_DOCUMENT_CHARS)
        String document,

        @ApiField(value = "candidate summaries of document", maxItems = Keys.SCORING_MAX_SUMMARIES)
        List<String> summaries,

        @ApiField(value = "the fusion strategy", oneOf = FusionStrategy.class, defaultValue = "\"weighted-average\"")
        String fusion,

        Encoded imageVector,
        Encoded audioVector,
        Encoded videoVector,
        Encoded videoTranscript,
        Encoded textVector,
        Encoded fused,
        List<CaptionScore> captionScores,
        ScoreSummariesResponse summaryScores,
        Map<String, Double> timings) {

    /**
     * A vector a step made, with what made it.
     *
     * @param text for the image step through ocr-text, the text read in the image; for audio and a
     *             clip's transcript, what was said; for a clip, the text on screen, shot by shot
     */
    public record Encoded(String model, String space, float[] vector, String text) {}

    /** Only the inputs: what a caller sends before any step has run. */
    public static Analysis of(
            String image,
            String audio,
            String video,
            String text,
            List<String> captions,
            String document,
            List<String> summaries,
            String fusion) {
        return new Analysis(
                image, audio, video, text, captions, document, summaries, fusion, null, null, null, null, null, null,
                null, null, null);
    }

    public Analysis withImageVector(Encoded value, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                value,
                audioVector,
                videoVector,
                videoTranscript,
                textVector,
                fused,
                captionScores,
                summaryScores,
                timed("encode-image", ms));
    }

    public Analysis withAudioVector(Encoded value, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                imageVector,
                value,
                videoVector,
                videoTranscript,
                textVector,
                fused,
                captionScores,
                summaryScores,
                timed("encode-audio", ms));
    }

    /** The clip's pooled vector, and its transcript's vector (null for a clip where nothing is said). */
    public Analysis withVideoVectors(Encoded value, Encoded transcript, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                imageVector,
                audioVector,
                value,
                transcript,
                textVector,
                fused,
                captionScores,
                summaryScores,
                timed("encode-video", ms));
    }

    public Analysis withTextVector(Encoded value, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                imageVector,
                audioVector,
                videoVector,
                videoTranscript,
                value,
                fused,
                captionScores,
                summaryScores,
                timed("encode-text", ms));
    }

    public Analysis withFused(Encoded value, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                imageVector,
                audioVector,
                videoVector,
                videoTranscript,
                textVector,
                value,
                captionScores,
                summaryScores,
                timed("fuse", ms));
    }

    public Analysis withScores(List<CaptionScore> captionValue, ScoreSummariesResponse summaryValue, double ms) {
        return new Analysis(
                image,
                audio,
                video,
                text,
                captions,
                document,
                summaries,
                fusion,
                imageVector,
                audioVector,
                videoVector,
                videoTranscript,
                textVector,
                fused,
                captionValue,
                summaryValue,
                timed("score", ms));
    }

    private Map<String, Double> timed(String step, double ms) {
        Map<String, Double> next = new LinkedHashMap<>(timings == null ? Map.of() : timings);
        next.put(step, Math.round(ms * 10) / 10.0);
        return next;
    }
}
