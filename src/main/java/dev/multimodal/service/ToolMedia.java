package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeAudioResponse;
import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.audio.AudioLimits;
import dev.multimodal.audio.VadSettings;
import dev.multimodal.config.AudioConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.VadConfig;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.video.VideoDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * encode-audio and encode-video for a tool beside the service (train-head): the same use cases, over
 * the models the tool loaded ({@link ModelService#of}), within the limits of its settings. A medium is
 * a file (a path relative to the tool's data) or base64 / a data: URI; nothing is fetched, and nothing
 * is admitted against other requests, since the tool is the only one.
 */
public final class ToolMedia implements AutoCloseable {

    private final ExecutorService blocking = Executors.newFixedThreadPool(2);
    private final ExecutorService speech;
    private final EncodeAudio audio;
    private final EncodeVideo video;

    /** @param base the folder relative paths are read from; null for the working directory */
    public ToolMedia(ModelService models, MmfConfig config, Path base) {
        AudioConfig a = config.audio();
        int parallel = a.parallelSegments() > 0
                ? a.parallelSegments()
                : Runtime.getRuntime().availableProcessors();
        speech = Executors.newFixedThreadPool(parallel);
        AudioSource recordings = (value, url, field) -> read(value, field, base);
        VadConfig v = a.vad();
        Transcribe transcribe = new Transcribe(
                models,
                recordings,
                new AudioDecoder(new AudioLimits(a.maxBytes(), a.maxSeconds(), a.maxSampleRate(), a.maxChannels())),
                new VadSettings(v.threshold(), v.minSpeechMs(), v.minSilenceMs(), v.padMs(), v.maxSegmentSeconds()),
                blocking,
                speech,
                () -> AudioDecoder.SampleCheck.NONE,
                Cancellation::none,
                a.timeBudget(),
                config.batch().retryAfterSeconds());
        audio = new EncodeAudio(models, recordings, transcribe);
        video = new EncodeVideo(
                models,
                (value, url) -> read(value, "video", base),
                new VideoDecoder(config.video().limits(), config.video().shots()),
                transcribe,
                new NoImages(),
                blocking,
                config.fusion().temperature(),
                () -> ImageDecoder.HeaderCheck.NONE);
    }

    /** What encode-audio answers for the recording {@code value}; its refusals as thrown, naming audio. */
    public EncodeAudioResponse audio(String value) {
        return await(audio.run(new EncodeAudioRequest(value, null, null)));
    }

    /** What encode-video answers for the clip {@code value} (shots pooled by length); refusals name video. */
    public EncodeVideoResponse video(String value) {
        return await(video.run(new EncodeVideoRequest(value, null, null, null)));
    }

    private static <T> T await(CompletableFuture<T> work) {
        try {
            return work.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A file relative to {@code base} where one is named, else base64 or a data: URI's base64. */
    static byte[] read(String value, String field, Path base) {
        if (value == null || value.isBlank()) {
            throw InputException.badRequest(field, field + " is empty: give a file path or base64");
        }
        if (!value.startsWith("data:") && value.length() < 1024) {
            Path file = base == null ? Path.of(value) : base.resolve(value);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        String payload = value.startsWith("data:") ? value.substring(value.indexOf(',') + 1) : value;
        try {
            return Base64.getMimeDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest(field, field + " is neither a file nor base64 (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        speech.shutdownNow();
    }

    /** encode-video reads no image of its own: only its stage timer is asked for. */
    private static final class NoImages implements ImageSource {
        @Override
        public Supplier<DecodedImage> decoding(String image, String imageUrl, StageTimes times, String imageField) {
            throw new UnsupportedOperationException("a tool's clips carry no separate image");
        }

        @Override
        public StageTimes times(String operation) {
            return StageTimes.NONE;
        }
    }
}
