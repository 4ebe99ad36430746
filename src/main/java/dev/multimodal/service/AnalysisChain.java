package dev.multimodal.service;

import dev.multimodal.api.Analysis;
import dev.multimodal.api.CaptionScore;
import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeImageRequest;
import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.api.FuseRequest;
import dev.multimodal.refusal.InputException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The steps of the analysis chain, each taking the envelope and returning it with its part added.
 * Every step runs the same use case as the function of the same name, with the same limits and
 * settings; the chain functions and the gateway both run these. An analysis carries an image, a
 * recording, a clip, or any of them together; each medium's step adds its vectors. {@link #route}
 * and {@link #next} send an analysis only through the steps that have work for it; a step that is
 * sent one without its medium anyway passes the envelope on as it came.
 */
@Singleton
public final class AnalysisChain {

    private final EncodeImage encodeImage;
    private final EncodeAudio encodeAudio;
    private final EncodeVideo encodeVideo;
    private final EncodeTexts encodeTexts;
    private final Fuse fuse;
    private final ScoreCaptions scoreCaptions;
    private final ScoreSummaries scoreSummaries;
    private final Limits limits;

    @Inject
    public AnalysisChain(
            EncodeImage encodeImage,
            EncodeAudio encodeAudio,
            EncodeVideo encodeVideo,
            EncodeTexts encodeTexts,
            Fuse fuse,
            ScoreCaptions scoreCaptions,
            ScoreSummaries scoreSummaries,
            Limits limits) {
        this.limits = limits;
        this.encodeImage = encodeImage;
        this.encodeAudio = encodeAudio;
        this.encodeVideo = encodeVideo;
        this.encodeTexts = encodeTexts;
        this.fuse = fuse;
        this.scoreCaptions = scoreCaptions;
        this.scoreSummaries = scoreSummaries;
    }

    /**
     * The inputs of a whole chain checked against the limits the steps apply, before the first step
     * runs: a gateway refuses a caption list or a document over its limit at once, with the words
     * the step would use, instead of after encoding the image.
     */
    public void checkInputs(Analysis a) {
        if (a == null) {
            return;
        }
        if (a.text() != null) {
            limits.text("text", a.text());
        }
        if (a.captions() != null) {
            limits.captions("captions", a.captions());
        }
        if (a.document() != null) {
            limits.document("document", a.document());
        }
        if (a.summaries() != null) {
            limits.summaries("summaries", a.summaries());
        }
    }

    public CompletableFuture<Analysis> run(ChainStep step, Analysis envelope) {
        long start = System.nanoTime();
        return Async.guarded(() -> switch (step) {
            case ENCODE_IMAGE -> encodeImage(envelope, start);
            case ENCODE_AUDIO -> encodeAudio(envelope, start);
            case ENCODE_VIDEO -> encodeVideo(envelope, start);
            case ENCODE_TEXT -> encodeText(envelope, start);
            case FUSE -> fuse(envelope, start);
            case SCORE -> score(envelope, start);
        });
    }

    /**
     * The step a new analysis starts at, its inputs checked first: the first step that has work
     * for it. An analysis without any medium is refused here, before any step's Service starts.
     */
    public ChainStep route(Analysis envelope) {
        checkInputs(envelope);
        ChainRouting.requireMedium(envelope);
        return ChainRouting.first(envelope);
    }

    /**
     * The step that takes {@code envelope} once {@code step} has added its part: the next that has
     * work for it; empty after score.
     */
    public Optional<ChainStep> next(ChainStep step, Analysis envelope) {
        return ChainRouting.next(step, envelope);
    }

    private CompletableFuture<Analysis> encodeImage(Analysis a, long start) {
        ChainRouting.requireMedium(a);
        if (a.image() == null) {
            return CompletableFuture.completedFuture(a);
        }
        return encodeImage
                .run(new EncodeImageRequest(a.image(), null, null), "analysis")
                .thenApply(e ->
                        a.withImageVector(new Analysis.Encoded(e.model(), e.space(), e.vector(), e.text()), ms(start)));
    }

    /** The recording's transcript in the asr-text space, as encode-audio makes it; refusals name audio. */
    private CompletableFuture<Analysis> encodeAudio(Analysis a, long start) {
        if (a == null || a.audio() == null) {
            return CompletableFuture.completedFuture(a);
        }
        return encodeAudio
                .run(new EncodeAudioRequest(a.audio(), null, null))
                .thenApply(e ->
                        a.withAudioVector(new Analysis.Encoded(e.model(), e.space(), e.vector(), e.text()), ms(start)));
    }

    /**
     * The clip's shots pooled by length, with the text on screen shot by shot, and its transcript's
     * vector, as encode-video makes them; refusals name video.
     */
    private CompletableFuture<Analysis> encodeVideo(Analysis a, long start) {
        if (a == null || a.video() == null) {
            return CompletableFuture.completedFuture(a);
        }
        return encodeVideo
                .run(new EncodeVideoRequest(a.video(), null, null, null))
                .thenApply(e -> {
                    List<String> screen = e.shots().stream()
                            .map(EncodeVideoResponse.Shot::text)
                            .filter(t -> t != null && !t.isBlank())
                            .toList();
                    Analysis.Encoded clip = new Analysis.Encoded(
                            e.model(), e.space(), e.vector(), screen.isEmpty() ? null : String.join("\n\n", screen));
                    EncodeVideoResponse.Transcript said = e.transcript();
                    Analysis.Encoded transcript = said == null
                            ? null
                            : new Analysis.Encoded(said.model(), said.space(), said.vector(), said.text());
                    return a.withVideoVectors(clip, transcript, ms(start));
                });
    }

    /**
     * The medium whose space the text is encoded in: the image's, else the clip's, else the
     * recording's; a 400 naming its vector when that step has not run.
     */
    private static Analysis.Encoded textSpace(Analysis a) {
        if (a == null || a.image() != null || !ChainRouting.hasMedia(a)) {
            return required(a, a == null ? null : a.imageVector(), "imageVector", ChainStep.ENCODE_IMAGE);
        }
        if (a.video() != null) {
            return required(a, a.videoVector(), "videoVector", ChainStep.ENCODE_VIDEO);
        }
        return required(a, a.audioVector(), "audioVector", ChainStep.ENCODE_AUDIO);
    }

    private CompletableFuture<Analysis> encodeText(Analysis a, long start) {
        Analysis.Encoded medium = textSpace(a);
        String text = ChainRouting.textOf(a);
        if (text == null) {
            if (ChainRouting.textOptional(a)) {
                return CompletableFuture.completedFuture(a);
            }
            throw InputException.unprocessable(
                    "text", "there is no text to encode: send text, or an image with text " + "in it");
        }
        return encodeTexts
                .inSpace(medium.space(), "text", text)
                .thenApply(vector -> a.withTextVector(
                        new Analysis.Encoded(medium.space(), medium.space(), vector, null), ms(start)));
    }

    private CompletableFuture<Analysis> fuse(Analysis a, long start) {
        List<FuseRequest.Part> parts = new ArrayList<>();
        if (a == null || a.image() != null || !ChainRouting.hasMedia(a)) {
            part(parts, "image", textSpace(a));
        }
        if (a.audio() != null) {
            part(parts, "audio", required(a, a.audioVector(), "audioVector", ChainStep.ENCODE_AUDIO));
        }
        if (a.video() != null) {
            part(parts, "video", required(a, a.videoVector(), "videoVector", ChainStep.ENCODE_VIDEO));
            if (a.videoTranscript() != null) {
                part(parts, "video-transcript", a.videoTranscript());
            }
        }
        if (ChainRouting.textOf(a) != null || !ChainRouting.textOptional(a)) {
            part(parts, "text", required(a, a.textVector(), "textVector", ChainStep.ENCODE_TEXT));
        }
        FuseRequest request = new FuseRequest(parts, a.fusion(), null, null, null, null, null);
        return fuse.run(request)
                .thenApply(
                        f -> a.withFused(new Analysis.Encoded(f.strategy(), f.space(), f.vector(), null), ms(start)));
    }

    private static void part(List<FuseRequest.Part> parts, String modality, Analysis.Encoded encoded) {
        parts.add(new FuseRequest.Part(modality, encoded.vector(), encoded.space(), null, null, null, null, null));
    }

    private CompletableFuture<Analysis> score(Analysis a, long start) {
        Analysis.Encoded fused = required(a, a == null ? null : a.fused(), "fused", ChainStep.FUSE);
        boolean captions = a.captions() != null;
        boolean summaries = a.document() != null || a.summaries() != null;
        if (!captions && !summaries) {
            throw InputException.badRequest("captions", "give captions to rank, or a document with summaries");
        }
        CompletableFuture<List<CaptionScore>> ranked = !captions
                ? CompletableFuture.completedFuture(null)
                : scoreCaptions.rank(fused.vector(), fused.space(), a.captions());
        return ranked.thenCompose(captionScores -> !summaries
                ? CompletableFuture.completedFuture(a.withScores(captionScores, null, ms(start)))
                : scoreSummaries
                        .inSpace(fused.space(), a.document(), a.summaries())
                        .thenApply(scores -> a.withScores(captionScores, scores, ms(start))));
    }

    private static <T> T required(Analysis a, T part, String field, ChainStep step) {
        if (a == null || part == null) {
            throw InputException.badRequest(field, field + " is missing: the " + step.label() + " step has not run");
        }
        return part;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
