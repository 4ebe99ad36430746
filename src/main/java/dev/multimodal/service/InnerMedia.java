package dev.multimodal.service;

import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.FuseRequest;
import dev.multimodal.api.TranscribeRequest;
import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.refusal.InputException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A recording or a clip inside another request (a fuse part, what to predict on, a document to score
 * summaries against), made into the vector that encode-audio or encode-video makes of it, or into its
 * text, so that every entry point treats a medium alike. A refusal names the field as the outer
 * request calls it ({@code parts[2].audio}), not as encode-audio does.
 */
@Singleton
public final class InnerMedia {

    /** A medium's vector and the space it lives in, with the words of what it is made of. */
    public record Vector(float[] vector, String space, String madeOf, String text) {}

    private final EncodeAudio audio;
    private final EncodeVideo video;
    private final Transcribe transcribe;
    private final ReadVideo reader;

    @Inject
    public InnerMedia(EncodeAudio audio, EncodeVideo video, Transcribe transcribe, ReadVideo reader) {
        this.audio = audio;
        this.video = video;
        this.transcribe = transcribe;
        this.reader = reader;
    }

    /** What is said in the recording, its segments joined as transcribe joins them. */
    public CompletableFuture<String> transcript(String recording, String field) {
        return under(
                field,
                "audio",
                transcribe
                        .run(new TranscribeRequest(recording, null, null, null, null, null, null))
                        .thenApply(TranscribeResponse::text));
    }

    /** The clip's on-screen text and speech in time order, as {@link ReadVideo#document} gives it. */
    public CompletableFuture<String> document(String clip, String field) {
        return reader.document(clip, field);
    }

    /** The recording's asr-text vector: its transcript in the default text model's space. */
    public CompletableFuture<Vector> audio(String recording, String field) {
        return under(
                field,
                "audio",
                Async.guarded(() -> audio.run(new EncodeAudioRequest(recording, null, null)))
                        .thenApply(e -> new Vector(e.vector(), e.space(), e.madeOf(), e.text())));
    }

    /**
     * The clip's vector pooled over its shots by length, with the image model {@code model} (the default
     * one when null), as encode-video makes it.
     */
    public CompletableFuture<Vector> video(String clip, String model, String field) {
        return under(
                field,
                "video",
                Async.guarded(() -> video.run(new EncodeVideoRequest(clip, null, model, null)))
                        .thenApply(e -> new Vector(
                                e.vector(),
                                e.space(),
                                e.madeOf(),
                                e.transcript() == null ? null : e.transcript().text())));
    }

    /**
     * fuse's parts with each audio and video part made the vector part that encode-audio or
     * encode-video makes of it (in turn, since each holds decoded media), with its modality; the
     * other parts as they were.
     */
    public CompletableFuture<List<FuseRequest.Part>> encodeParts(List<FuseRequest.Part> parts) {
        CompletableFuture<List<FuseRequest.Part>> done = CompletableFuture.completedFuture(new ArrayList<>());
        for (int i = 0; i < parts.size(); i++) {
            FuseRequest.Part part = parts.get(i);
            String field = "parts[" + i + "]";
            done = done.thenCompose(list -> {
                CompletableFuture<InnerMedia.Vector> encoded = part.audio() != null
                        ? audio(part.audio(), field + ".audio")
                        : part.video() != null ? video(part.video(), null, field + ".video") : null;
                if (encoded == null) {
                    list.add(part);
                    return CompletableFuture.completedFuture(list);
                }
                String modality = part.modality() != null ? part.modality() : part.audio() != null ? "audio" : "video";
                return encoded.thenApply(v -> {
                    list.add(new FuseRequest.Part(
                            modality, v.vector(), v.space(), null, null, null, null, part.weight()));
                    return list;
                });
            });
        }
        return done;
    }

    /** A refusal of {@code inner} (or {@code inner.x}) renamed to {@code field} (or {@code field.x}). */
    static <T> CompletableFuture<T> under(String field, String inner, CompletableFuture<T> work) {
        if (field.equals(inner)) {
            return work;
        }
        return work.exceptionally(failure -> {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause.getClass() == InputException.class) {
                InputException e = (InputException) cause;
                String named = e.field() != null && e.field().startsWith(inner)
                        ? field + e.field().substring(inner.length())
                        : e.field();
                throw new InputException(e.kind(), named, e.getMessage());
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }
}
