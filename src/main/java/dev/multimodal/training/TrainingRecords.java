package dev.multimodal.training;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.api.EncodeAudioResponse;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.api.Overflow;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.EncodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.models.HeadTask;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.service.ToolMedia;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * train-head's records made into vectors: each record's parts encoded (text, image, a vector made
 * earlier; a recording and a clip by the service's own encode-audio and encode-video) and fused
 * into one, all of one space, with the record's label or value.
 */
final class TrainingRecords {

    /** The text encoder, and the image model's encoder where records carry images. */
    record Encoders(TextEncoder text, ImageEncoder image) {}

    private TrainingRecords() {}

    static TrainingSet encode(
            List<JsonNode> records, Path base, Encoders encoders, ToolMedia media, FusionStrategy fusion, HeadTask task)
            throws Exception {
        Fuser fuser = new Fuser();
        List<float[]> vectors = new ArrayList<>();
        List<String> labels = task == HeadTask.CLASSIFICATION ? new ArrayList<>() : null;
        List<Double> values = task == HeadTask.REGRESSION ? new ArrayList<>() : null;
        String space = null;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            List<FusionPart> parts = parts(r, i, base, encoders);
            parts.addAll(media(r, i, media));
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("record " + (i + 1) + " has no text, image, audio, video or vector");
            }
            FusionResult fused = fuser.fuse(parts, fusion, Fuser.Options.defaults());
            if (space != null && !space.equals(fused.space())) {
                throw new IllegalArgumentException(
                        "record " + (i + 1) + " fuses into space " + fused.space() + ", the others into " + space);
            }
            space = fused.space();
            vectors.add(fused.vector());
            if (labels != null) {
                labels.add(required(r, "label", i).asText());
            }
            if (values != null) {
                values.add(required(r, "value", i).asDouble());
            }
        }
        return new TrainingSet(vectors, labels, values, space, fusion.label());
    }

    /** A record's text, image and vector parts. */
    private static List<FusionPart> parts(JsonNode r, int i, Path base, Encoders encoders) throws Exception {
        List<FusionPart> parts = new ArrayList<>();
        if (r.hasNonNull("text")) {
            TextEncoder text = encoders.text();
            float[] v = text.encode(List.of(r.get("text").asText()), Overflow.AVERAGE)
                    .get(60, TimeUnit.SECONDS)
                    .get(0)
                    .vector();
            parts.add(new FusionPart("text", v, text.space(), 1));
        }
        if (r.hasNonNull("image")) {
            ImageEncoder images = encoders.image();
            if (images == null) {
                throw new IllegalArgumentException("record " + (i + 1) + " has an image and no image model");
            }
            DecodedImage image = new ImageDecoder(ImageLimits.defaults())
                    .decode(imageBytes(r.get("image").asText(), base), "image");
            parts.add(new FusionPart(
                    "image",
                    images.encode(image, StageTimes.NONE)
                            .get(120, TimeUnit.SECONDS)
                            .vector(),
                    images.space(),
                    1));
        }
        if (r.hasNonNull("vector")) {
            float[] v = new float[r.get("vector").size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.get("vector").get(j).asDouble();
            }
            parts.add(new FusionPart("vector", v, r.path("space").asText(null), 1));
        }
        return parts;
    }

    /**
     * A record's recording and clip as the analysis chain fuses them: the vector encode-audio makes
     * (asr-text), and encode-video's clip vector with its transcript's beside it.
     */
    private static List<FusionPart> media(JsonNode r, int i, ToolMedia media) {
        try {
            return media(r, media);
        } catch (InputException e) {
            // what the service would answer with a 4xx, said of the record
            throw new IllegalArgumentException(
                    "record " + (i + 1) + ": " + e.getMessage() + " (" + e.kind() + ", field " + e.field() + ")", e);
        }
    }

    private static List<FusionPart> media(JsonNode r, ToolMedia media) {
        List<FusionPart> parts = new ArrayList<>();
        if (r.hasNonNull("audio")) {
            EncodeAudioResponse audio = media.audio(r.get("audio").asText());
            parts.add(new FusionPart("audio", audio.vector(), audio.space(), 1));
        }
        if (r.hasNonNull("video")) {
            EncodeVideoResponse video = media.video(r.get("video").asText());
            parts.add(new FusionPart("video", video.vector(), video.space(), 1));
            if (video.transcript() != null) {
                EncodeVideoResponse.Transcript said = video.transcript();
                parts.add(new FusionPart("video-transcript", said.vector(), said.space(), 1));
            }
        }
        return parts;
    }

    /** A path relative to the data file, or base64 / a data: URI. */
    private static byte[] imageBytes(String value, Path base) throws Exception {
        Path file = base == null ? Path.of(value) : base.resolve(value);
        if (!value.startsWith("data:") && value.length() < 1024 && Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        return EncodedImage.fromBase64(value, "image", ImageLimits.defaults().maxBytes())
                .bytes();
    }

    private static JsonNode required(JsonNode record, String field, int i) {
        if (!record.hasNonNull(field)) {
            throw new IllegalArgumentException("record " + (i + 1) + " has no " + field);
        }
        return record.get(field);
    }
}
