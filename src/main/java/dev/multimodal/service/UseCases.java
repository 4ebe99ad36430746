package dev.multimodal.service;

import dev.multimodal.admission.ImageAdmission;
import dev.multimodal.admission.ImageSource;
import dev.multimodal.admission.ImageWork;
import dev.multimodal.admission.TextAdmission;
import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.audio.AudioLimits;
import dev.multimodal.audio.VadSettings;
import dev.multimodal.config.AudioConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.VadConfig;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.registry.ModelService;
import dev.multimodal.video.VideoDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Builds the use cases once, from configuration, for the functions, the chain and the gateway:
 * every entry point gets the same objects, so the same limits and defaults.
 */
@ApplicationScoped
public class UseCases {

    @Produces
    @Singleton
    EventTypes eventTypes() {
        return EventTypes.from(ConfigProvider.getConfig());
    }

    @Produces
    @Singleton
    Limits limits(MmfConfig config) {
        return Limits.from(config);
    }

    @Inject
    ImageWork imageWork;

    @Inject
    RequestCancellation cancellation;

    @Inject
    ImageAdmission imageAdmission;

    @Produces
    @Singleton
    TextAdmission textAdmission(MmfConfig config) {
        return TextAdmission.from(config);
    }

    /** Blocking work of a request (decoding, fetching a URL) runs on the image threads, off the event loop. */
    private Executor blocking() {
        return imageWork.executor();
    }

    @Produces
    @Singleton
    EncodeTexts encodeTexts(ModelService models, Limits limits, MmfConfig config, TextAdmission admission) {
        return new EncodeTexts(models, limits, config.text().overflow(), admission, cancellation);
    }

    @Produces
    @Singleton
    EncodeImage encodeImage(ModelService models, ImageSource images) {
        return new EncodeImage(models, images, blocking());
    }

    @Produces
    @Singleton
    ReadText readText(ModelService models, ImageSource images) {
        return new ReadText(models, images, blocking(), cancellation);
    }

    @Produces
    @Singleton
    Fuse fuse(ModelService models, ImageSource images, Limits limits, MmfConfig config, InnerMedia media) {
        return new Fuse(
                models,
                images,
                blocking(),
                limits,
                config.fusion().strategy(),
                config.fusion().temperature(),
                config.fusion().projections(),
                media);
    }

    @Produces
    @Singleton
    InnerMedia innerMedia(EncodeAudio audio, EncodeVideo video, Transcribe transcribe, ReadVideo reader) {
        return new InnerMedia(audio, video, transcribe, reader);
    }

    @Produces
    @Singleton
    ScoreCaptions scoreCaptions(
            ModelService models, ImageSource images, Limits limits, MmfConfig config, EncodeVideo videos) {
        return new ScoreCaptions(
                models,
                images,
                blocking(),
                limits,
                config.scoring().captionTemplate(),
                config.scoring().logitScale(),
                videos);
    }

    @Produces
    @Singleton
    ScoreSummaries scoreSummaries(
            ModelService models,
            ReadText reader,
            Limits limits,
            MmfConfig config,
            TextAdmission admission,
            InnerMedia media) {
        return new ScoreSummaries(
                models,
                reader,
                limits,
                config.scoring().windowTokens(),
                config.scoring().overlapTokens(),
                admission,
                cancellation,
                media);
    }

    @Produces
    @Singleton
    Predict predict(ModelService models, ImageSource images, EncodeTexts texts, InnerMedia media) {
        return new Predict(models, images, blocking(), texts, media);
    }

    @Produces
    @Singleton
    Transcribe transcribe(ModelService models, AudioSource audio, MmfConfig config) {
        AudioConfig a = config.audio();
        VadConfig v = a.vad();
        int threads = a.parallelSegments() > 0
                ? a.parallelSegments()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        // the speech threads bound the Sphinx4 decoders (each holds its own copy of the model)
        Executor speech = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "mmf-speech-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new Transcribe(
                models,
                audio,
                new AudioDecoder(new AudioLimits(a.maxBytes(), a.maxSeconds(), a.maxSampleRate(), a.maxChannels())),
                new VadSettings(v.threshold(), v.minSpeechMs(), v.minSilenceMs(), v.padMs(), v.maxSegmentSeconds()),
                blocking(),
                speech);
    }

    @Produces
    @Singleton
    EncodeAudio encodeAudio(ModelService models, AudioSource audio, Transcribe transcribe) {
        return new EncodeAudio(models, audio, transcribe);
    }

    @Produces
    @Singleton
    VideoDecoder videoDecoder(MmfConfig config) {
        return new VideoDecoder(config.video().limits(), config.video().shots());
    }

    @Produces
    @Singleton
    ReadVideo readVideo(
            ModelService models, VideoSource video, VideoDecoder decoder, Transcribe transcribe, ImageSource images) {
        return new ReadVideo(
                models, video, decoder, transcribe, images, blocking(), cancellation, this::videoAdmission);
    }

    @Produces
    @Singleton
    EncodeVideo encodeVideo(
            ModelService models,
            VideoSource video,
            VideoDecoder decoder,
            Transcribe transcribe,
            ImageSource images,
            MmfConfig config) {
        return new EncodeVideo(
                models,
                video,
                decoder,
                transcribe,
                images,
                blocking(),
                config.fusion().temperature(),
                this::videoAdmission);
    }

    /** A clip's frames are admitted as an image of their size is: the same pixel budget, held until the answer. */
    private ImageDecoder.HeaderCheck videoAdmission() {
        return imageAdmission.scope();
    }

    @Produces
    @Singleton
    AnalysisChain chain(
            EncodeImage image,
            EncodeTexts texts,
            Fuse fuse,
            ScoreCaptions captions,
            ScoreSummaries summaries,
            Limits limits) {
        return new AnalysisChain(image, texts, fuse, captions, summaries, limits);
    }
}
