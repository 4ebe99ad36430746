package dev.multimodal.functions;

import dev.multimodal.functions.api.ScoreCaptionsRequest;
import dev.multimodal.functions.api.ScoreCaptionsResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.MmfConfig;
import dev.multimodal.service.ModelService;

import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.text.Overflow;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.runtime.InputException;
import dev.multimodal.scoring.CaptionRanker;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code score-captions}: an image and candidate captions (or labels in a template) → the captions
 * ranked by cosine in the image model's space, with softmax probabilities, over HTTP and as a CloudEvent.
 */
@RefusalsAsResults
public class ScoreCaptionsFunction {

    @Inject
    ModelService models;

    @Inject
    ImageInputs images;

    @Inject
    MmfConfig config;

    @Funq("score-captions")
    public Uni<ScoreCaptionsResponse> scoreCaptions(ScoreCaptionsRequest request) {
        ScoreCaptionsRequest r = request == null ? new ScoreCaptionsRequest(null, null, null, null, null, null) : request;
        List<String> captions = captions(r);
        ImageEncoder encoder = models.imageEncoder(r.model());
        TextEncoder text = textSide(encoder);
        double logitScale = models.repository().get(encoder.id())
                .map(m -> m.manifest().clip() == null ? null : (double) m.manifest().clip().logitScale())
                .orElse(config.scoring().logitScale());
        StageTimes times = images.times("score-captions");
        return images.decodeOnWorker(r.image(), r.imageUrl(), times, "image")
                .chain(image -> {
                    CompletableFuture<ImageEmbedding> vector = encoder.encode(image, times);
                    CompletableFuture<List<TextEmbedding>> texts = text.encode(captions, Overflow.TRUNCATE);
                    return Uni.createFrom().completionStage(vector.thenCombine(texts, (img, caps) -> {
                        List<float[]> vectors = new ArrayList<>(caps.size());
                        caps.forEach(c -> vectors.add(c.vector()));
                        return new ScoreCaptionsResponse(encoder.id(), encoder.version(), encoder.space(), logitScale,
                                img.ocr() == null ? null : img.ocr().text(),
                                CaptionRanker.rank(img.vector(), captions, vectors, logitScale));
                    }));
                });
    }

    /** The text encoder of the image model's space: a clip model's text tower, ocr-text's text model. */
    private TextEncoder textSide(ImageEncoder encoder) {
        TextEncoder text = models.textEncoders().get(encoder.space());
        if (text == null || encoder.family().equals(ModelManifest.IMAGE_ENCODER)) {
            throw InputException.unprocessable("model", "model '" + encoder.id() + "' has no text side in its space "
                    + "to encode captions; use a clip model or ocr-text");
        }
        return text;
    }

    private List<String> captions(ScoreCaptionsRequest r) {
        int max = config.scoring().maxCaptions();
        if ((r.captions() == null) == (r.labels() == null)) {
            throw InputException.badRequest("captions", "send captions (1 to " + max + " strings) or labels with "
                    + "an optional template, not both and not neither");
        }
        String field = r.captions() != null ? "captions" : "labels";
        List<String> items = r.captions() != null ? r.captions() : r.labels();
        if (items.isEmpty()) {
            throw InputException.badRequest(field, field + " is empty: send 1 to " + max);
        }
        if (items.size() > max) {
            throw InputException.tooLarge(field, field + " has " + items.size() + " items; the limit is " + max
                    + " (mmf.scoring.max-captions)");
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (item == null || item.isBlank()) {
                throw InputException.badRequest(field + "[" + i + "]", field + "[" + i + "] is empty");
            }
            if (item.length() > config.text().maxChars()) {
                throw InputException.tooLarge(field + "[" + i + "]", field + "[" + i + "] has " + item.length()
                        + " characters; the limit is " + config.text().maxChars());
            }
        }
        if (r.captions() != null) {
            if (r.template() != null) {
                throw InputException.badRequest("template", "template goes with labels, not captions");
            }
            return items;
        }
        try {
            return CaptionRanker.fromLabels(items, r.template() == null ? config.scoring().captionTemplate() : r.template());
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest("template", "template: " + e.getMessage());
        }
    }
}
