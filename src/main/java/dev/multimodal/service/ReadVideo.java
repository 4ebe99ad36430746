package dev.multimodal.service;

import dev.multimodal.admission.ImageAdmission;
import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.ReadTextResponse;
import dev.multimodal.api.ReadVideoRequest;
import dev.multimodal.api.ReadVideoResponse;
import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrLine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.video.DecodedVideo;
import dev.multimodal.video.KeyframeThumbnail;
import dev.multimodal.video.Shot;
import dev.multimodal.video.VideoDecoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * read-video: a clip → decoded as a stream into shots (mmf.video.*) → each keyframe read by OCR, and
 * the sound transcribed by transcribe's path at the same time → shots in a row showing the same text
 * merged into one entry (a title card held across a long shot's keyframes is one).
 */
@Singleton
public final class ReadVideo {

    private final ModelService models;
    private final VideoSource source;
    private final VideoDecoder decoder;
    private final Transcribe transcribe;
    private final ImageSource images;
    private final Executor blocking;
    private final Supplier<Cancellation> cancellation;
    private final Supplier<ImageDecoder.HeaderCheck> admission;

    /**
     * @param admission the current request's pixel admission (the images'), taken on the request's
     *                  thread; it holds the clip's frame size until the answer is sent
     */
    public ReadVideo(
            ModelService models,
            VideoSource source,
            VideoDecoder decoder,
            Transcribe transcribe,
            ImageSource images,
            Executor blocking,
            Supplier<Cancellation> cancellation,
            Supplier<ImageDecoder.HeaderCheck> admission) {
        this.models = models;
        this.source = source;
        this.decoder = decoder;
        this.transcribe = transcribe;
        this.images = images;
        this.blocking = blocking;
        this.cancellation = cancellation;
        this.admission = admission;
    }

    /**
     * The bean every entry point shares. A clip's frames are admitted as an image of their size is:
     * the same pixel budget, held until the answer.
     */
    @Inject
    ReadVideo(
            ModelService models,
            VideoSource source,
            VideoDecoder decoder,
            Transcribe transcribe,
            ImageSource images,
            UseCaseThreads threads,
            RequestCancellation cancellation,
            ImageAdmission admission) {
        this(models, source, decoder, transcribe, images, threads.blocking(), cancellation, admission::scope);
    }

    /** A clip's bytes and what decoding made of them. */
    /** @param started when its request started decoding it ({@link System#nanoTime}) */
    record Clip(byte[] bytes, DecodedVideo video, String field, long started) {}

    /** Decodes the request's clip on a blocking thread, refusing with its field named. */
    static CompletableFuture<Clip> decode(
            VideoSource source,
            VideoDecoder decoder,
            Executor blocking,
            ImageDecoder.HeaderCheck admission,
            String video,
            String videoUrl) {
        String field = video != null || videoUrl == null ? "video" : "videoUrl";
        long started = System.nanoTime();
        return Async.blocking(blocking, () -> {
            byte[] bytes = source.bytes(video, videoUrl);
            return new Clip(bytes, decoder.decode(bytes, field, admission), field, started);
        });
    }

    /** The clip's transcript through transcribe's path; an empty one when the clip has no sound. */
    static CompletableFuture<TranscribeResponse> transcript(Transcribe transcribe, Clip clip) {
        if (!clip.video().hasAudio()) {
            return CompletableFuture.completedFuture(null);
        }
        return transcribe.transcribe(clip::bytes, clip.field(), null, null, null, clip.started());
    }

    public CompletableFuture<ReadVideoResponse> run(ReadVideoRequest request) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        ImageDecoder.HeaderCheck admitted = admission.get();
        return Async.forCaller(cancel, Async.guarded(() -> {
            ReadVideoRequest r = request == null ? new ReadVideoRequest(null, null, null, null) : request;
            OcrEngine engine = models.ocrEngine(r.model());
            return read(engine, r, admitted, cancel).thenApply(Read::response);
        }));
    }

    /**
     * The clip as one document, for score-summaries' {@code documentVideo}: the text on screen (each
     * entry at its shot's start) and what is said (each segment at its start), in time order, one
     * piece per line. Refusals name {@code field}.
     */
    public CompletableFuture<String> document(String video, String field) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        ImageDecoder.HeaderCheck admitted = admission.get();
        return InnerMedia.under(
                field,
                "video",
                Async.forCaller(
                        cancel,
                        Async.guarded(() -> read(
                                        models.ocrEngine(null),
                                        new ReadVideoRequest(video, null, null, null),
                                        admitted,
                                        cancel)
                                .thenApply(Read::document))));
    }

    private CompletableFuture<Read> read(
            OcrEngine engine, ReadVideoRequest r, ImageDecoder.HeaderCheck admitted, Cancellation cancel) {
        StageTimes times = images.times("read-video");
        boolean thumbnails = Boolean.TRUE.equals(r.keyframes());
        return decode(source, decoder, blocking, admitted, r.video(), r.videoUrl())
                .thenCompose(clip -> {
                    CompletableFuture<TranscribeResponse> said = transcript(transcribe, clip);
                    return together(
                            inTurn(clip.video().shots(), cancel, shot -> engine.read(shot.keyframe(), times, cancel)),
                            said,
                            (texts, transcript) ->
                                    new Read(respond(engine, clip.video(), texts, transcript, thumbnails), transcript),
                            cancel);
                });
    }

    /** What read-video answers, and the transcript with its segments' times. */
    private record Read(ReadVideoResponse response, TranscribeResponse transcript) {

        String document() {
            List<Map.Entry<Double, String>> pieces = new ArrayList<>();
            response.shots().stream()
                    .filter(s -> !s.text().isBlank())
                    .forEach(s -> pieces.add(Map.entry(s.start(), s.text().strip())));
            if (transcript != null) {
                transcript.segments().stream()
                        .filter(s -> !s.text().isBlank())
                        .forEach(s -> pieces.add(Map.entry(s.start(), s.text().strip())));
            }
            pieces.sort(Map.Entry.comparingByKey()); // stable: at one time, the screen before the speech
            return String.join("\n", pieces.stream().map(Map.Entry::getValue).toList());
        }
    }

    /**
     * The keyframes' work and the transcript together, failing as soon as either fails, and then
     * stopping the keyframes' work at its next shot: thenCombine alone waits for both, so a transcript
     * refused at its time budget was answered only once every keyframe had been read (31 s under a
     * 25 s budget in bench/hostile's 1 GiB profile).
     */
    static <A, B, R> CompletableFuture<R> together(
            CompletableFuture<A> pictures, CompletableFuture<B> said, BiFunction<A, B, R> both, Cancellation stop) {
        CompletableFuture<R> result = pictures.thenCombine(said, both);
        said.whenComplete((value, failure) -> {
            if (failure != null && result.completeExceptionally(failure)) {
                stop.cancel("its transcript failed");
            }
        });
        pictures.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * {@code work} on each shot's keyframe, one after the other, until {@code stop} fires: thirty
     * keyframes sent at once would fill a model's byte budget (mmf.batch.max-bytes-in-flight) and be
     * refused as overload.
     */
    static <T> CompletableFuture<List<T>> inTurn(
            List<Shot> shots, Cancellation stop, Function<Shot, CompletableFuture<T>> work) {
        CompletableFuture<List<T>> done = CompletableFuture.completedFuture(new ArrayList<>());
        for (Shot shot : shots) {
            done = done.thenCompose(list -> {
                stop.check();
                return work.apply(shot).thenApply(result -> {
                    list.add(result);
                    return list;
                });
            });
        }
        return done;
    }

    private static ReadVideoResponse respond(
            OcrEngine engine,
            DecodedVideo video,
            List<OcrResult> texts,
            TranscribeResponse transcript,
            boolean thumbnails) {
        List<ReadVideoResponse.Shot> shots = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Shot shot = video.shots().get(i);
            OcrResult read = texts.get(i);
            ReadVideoResponse.Shot last = shots.isEmpty() ? null : shots.get(shots.size() - 1);
            if (last != null && !read.text().isBlank() && same(last.text(), read.text())) {
                shots.set(
                        shots.size() - 1,
                        new ReadVideoResponse.Shot(
                                last.start(),
                                round(shot.end()),
                                last.keyframe(),
                                last.text(),
                                last.lines(),
                                last.keyframeImage()));
                continue;
            }
            shots.add(new ReadVideoResponse.Shot(
                    round(shot.start()),
                    round(shot.end()),
                    round(shot.keyframeTime()),
                    read.text(),
                    read.lines().stream().map(ReadVideo::line).toList(),
                    thumbnails ? KeyframeThumbnail.dataUri(shot.keyframe()) : null));
        }
        StringBuilder text = new StringBuilder();
        for (ReadVideoResponse.Shot shot : shots) {
            if (!shot.text().isBlank()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(shot.text());
            }
        }
        return new ReadVideoResponse(
                engine.manifest().id(),
                engine.manifest().version(),
                transcript == null ? null : transcript.model(),
                round(video.duration()),
                video.width(),
                video.height(),
                video.fps(),
                shots,
                transcript == null ? "" : transcript.text(),
                text.toString());
    }

    /** The same text on screen: equal once case and spacing are set aside (OCR reads a held card alike). */
    static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static ReadTextResponse.Line line(OcrLine line) {
        return new ReadTextResponse.Line(
                line.text(), line.confidence(), line.box(), line.rotated(), line.block(), line.column(), line.index());
    }

    /** Milliseconds are what a timestamp needs; the rest is noise in the JSON. */
    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
