package dev.multimodal.service;

import ai.onnxruntime.OrtException;
import dev.multimodal.admission.AudioAdmission;
import dev.multimodal.api.TranscribeRequest;
import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.audio.AudioLimits;
import dev.multimodal.audio.DecodedAudio;
import dev.multimodal.audio.SpeechRecognizer;
import dev.multimodal.audio.SpeechSegment;
import dev.multimodal.audio.VadSettings;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.config.AudioConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.VadConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * transcribe: a recording → decoded to 16 kHz mono (FFmpeg, within mmf.audio.*) → speech segments
 * (VAD; silence is skipped) → each segment's text (the speech model), segments decoded at once on
 * the bounded speech threads → the whole text, segments and words on the recording's clock.
 */
@Singleton
public final class Transcribe {

    /** The language the bundled speech model hears. */
    private static final String LANGUAGE = "en";

    private final ModelService models;
    private final AudioSource source;
    private final AudioDecoder decoder;
    private final VadSettings vad;
    private final Executor blocking;
    private final Executor speech;
    private final Supplier<? extends AudioDecoder.SampleCheck> admission;
    private final Supplier<Cancellation> cancellation;
    private final Duration timeBudget;
    private final int retryAfterSeconds;

    /**
     * @param blocking     the threads that fetch and decode (the image threads)
     * @param speech       the threads segments are transcribed on (the recogniser bounds its decoders)
     * @param admission    the current request's admission of decoded samples, taken on the request's
     *                     thread when a transcription starts
     * @param cancellation the current request's cancellation, taken there too
     * @param timeBudget   {@code mmf.audio.time-budget}
     * @param retryAfterSeconds what a 503 for a spent budget tells the client
     */
    public Transcribe(
            ModelService models,
            AudioSource source,
            AudioDecoder decoder,
            VadSettings vad,
            Executor blocking,
            Executor speech,
            Supplier<? extends AudioDecoder.SampleCheck> admission,
            Supplier<Cancellation> cancellation,
            Duration timeBudget,
            int retryAfterSeconds) {
        this.models = models;
        this.source = source;
        this.decoder = decoder;
        this.vad = vad;
        this.blocking = blocking;
        this.speech = speech;
        this.admission = admission;
        this.cancellation = cancellation;
        this.timeBudget = timeBudget;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The bean every entry point shares: decoder and voice activity as mmf.audio.* says. */
    @Inject
    Transcribe(
            ModelService models,
            AudioSource source,
            MmfConfig config,
            UseCaseThreads threads,
            AudioAdmission admission,
            RequestCancellation cancellation) {
        this(
                models,
                source,
                decoder(config.audio()),
                vad(config.audio().vad()),
                threads.blocking(),
                threads.speech(),
                admission::scope,
                cancellation,
                config.audio().timeBudget(),
                config.batch().retryAfterSeconds());
    }

    private static AudioDecoder decoder(AudioConfig a) {
        return new AudioDecoder(new AudioLimits(a.maxBytes(), a.maxSeconds(), a.maxSampleRate(), a.maxChannels()));
    }

    private static VadSettings vad(VadConfig v) {
        return new VadSettings(v.threshold(), v.minSpeechMs(), v.minSilenceMs(), v.padMs(), v.maxSegmentSeconds());
    }

    public CompletableFuture<TranscribeResponse> run(TranscribeRequest request) {
        return Async.guarded(() -> {
            TranscribeRequest r =
                    request == null ? new TranscribeRequest(null, null, null, null, null, null, null) : request;
            boolean words = Boolean.TRUE.equals(r.words());
            return transcribe(
                            () -> source.bytes(r.audio(), r.audioUrl(), "audio"),
                            r.audio() != null || r.audioUrl() == null ? "audio" : "audioUrl",
                            r.model(),
                            r.language(),
                            r.phrases())
                    .thenApply(response -> words ? response : withoutWords(response));
        });
    }

    /**
     * The transcript of the bytes {@code bytes} gives (called on a blocking thread), refusals naming
     * {@code field}; words are always included.
     */
    public CompletableFuture<TranscribeResponse> transcribe(
            Supplier<byte[]> bytes, String field, String model, String language, List<String> phrases) {
        return transcribe(
                bytes, field, model, language, phrases, new SegmentClock(timeBudget, field, retryAfterSeconds));
    }

    /**
     * As above, for a request that started at {@code startedNanos} ({@link System#nanoTime}): the time
     * budget runs from there, so that a clip's transcript, which starts after its pictures were
     * decoded, does not get a budget of its own on top of theirs.
     */
    public CompletableFuture<TranscribeResponse> transcribe(
            Supplier<byte[]> bytes,
            String field,
            String model,
            String language,
            List<String> phrases,
            long startedNanos) {
        return transcribe(
                bytes,
                field,
                model,
                language,
                phrases,
                new SegmentClock(timeBudget, startedNanos, field, retryAfterSeconds));
    }

    private CompletableFuture<TranscribeResponse> transcribe(
            Supplier<byte[]> bytes,
            String field,
            String model,
            String language,
            List<String> phrases,
            SegmentClock clock) {
        return Async.guarded(() -> {
            SpeechRecognizer recognizer = models.recognizer(model);
            VoiceActivityDetector detector = models.vad(field);
            checkLanguage(language);
            if (phrases != null && !phrases.isEmpty() && !recognizer.acceptsPhrases()) {
                throw InputException.unprocessable(
                        "phrases",
                        "the speech model '" + recognizer.manifest().id()
                                + "' cannot raise the weight of expected words; send no phrases");
            }
            AudioDecoder.SampleCheck admitted = admission.get(); // on the request's thread, where its end is known
            Cancellation cancel = Cancellation.childOf(cancellation.get());
            return Async.forCaller(
                    cancel,
                    Async.blocking(blocking, () -> {
                                DecodedAudio audio = decoder.decode(bytes.get(), field, admitted);
                                try {
                                    return new Cut(audio, detector.segments(audio.samples(), vad));
                                } catch (OrtException e) {
                                    throw new IllegalStateException(
                                            "the voice activity model failed: " + e.getMessage(), e);
                                }
                            })
                            .thenCompose(cut -> {
                                List<CompletableFuture<SpeechRecognizer.Transcript>> texts = new ArrayList<>();
                                for (SpeechSegment segment : cut.segments()) {
                                    texts.add(CompletableFuture.supplyAsync(
                                            () -> heard(recognizer, cut.audio(), segment, cancel, clock), speech));
                                }
                                return Async.all(cancel.bind(texts)).thenApply(done -> respond(recognizer, cut, done));
                            }));
        });
    }

    private record Cut(DecodedAudio audio, List<SpeechSegment> segments) {}

    /** One segment's text, on a speech thread; its start and end are stage boundaries. */
    private static SpeechRecognizer.Transcript heard(
            SpeechRecognizer recognizer,
            DecodedAudio audio,
            SpeechSegment segment,
            Cancellation cancel,
            SegmentClock clock) {
        cancel.check();
        clock.starting();
        // copied only now: the recording's segments are not all held twice
        float[] samples = Arrays.copyOfRange(audio.samples(), segment.start(), segment.end());
        SpeechRecognizer.Transcript heard = recognizer.transcribe(samples, () -> cancel.cancelled() || clock.spent());
        cancel.check(); // a segment cut short is no transcript
        clock.finished();
        return heard;
    }

    private static void checkLanguage(String language) {
        if (language != null
                && !language.isBlank()
                && !language.toLowerCase(Locale.ROOT)
                        .replace('_', '-')
                        .split("-")[0]
                        .equals(LANGUAGE)) {
            throw InputException.unprocessable(
                    "language", "the speech model hears English only (en), not '" + language + "'");
        }
    }

    private static TranscribeResponse respond(
            SpeechRecognizer recognizer, Cut cut, List<SpeechRecognizer.Transcript> transcripts) {
        List<TranscribeResponse.Segment> segments = new ArrayList<>();
        List<TranscribeResponse.Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < transcripts.size(); i++) {
            SpeechSegment at = cut.segments().get(i);
            SpeechRecognizer.Transcript t = transcripts.get(i);
            double offset = at.startSeconds();
            segments.add(new TranscribeResponse.Segment(
                    i, round(offset), round(at.endSeconds()), t.text(), round(t.confidence())));
            for (SpeechRecognizer.TimedWord w : t.words()) {
                words.add(new TranscribeResponse.Word(
                        w.word(), round(offset + w.start()), round(Math.min(at.endSeconds(), offset + w.end()))));
            }
            if (!t.text().isEmpty()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(t.text());
            }
        }
        return new TranscribeResponse(
                recognizer.manifest().id(),
                recognizer.manifest().version(),
                LANGUAGE,
                round(cut.audio().seconds()),
                text.toString(),
                segments,
                words);
    }

    static TranscribeResponse withoutWords(TranscribeResponse r) {
        return new TranscribeResponse(r.model(), r.version(), r.language(), r.duration(), r.text(), r.segments(), null);
    }

    /** Milliseconds are what a timestamp needs; the rest is noise in the JSON. */
    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
