package dev.multimodal.service;

import dev.multimodal.fusion.Fuser;
import dev.multimodal.runtime.BatcherSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Every setting of the service, under {@code mmf.}; each default works on a laptop. */
@ConfigMapping(prefix = "mmf")
public interface MmfConfig {

    Models models();

    Runtime runtime();

    Batch batch();

    Text text();

    Fusion fusion();

    Scoring scoring();

    Image image();

    Ocr ocr();

    Http http();

    interface Http {
        /**
         * Bytes of request bodies in flight at most, admitted from {@code Content-Length} before the
         * body is read and held until the answer is sent; past it, 503 with Retry-After and the
         * connection closed. Unset: an eighth of {@code MemoryShare#bytes} (32 MiB under
         * {@code -XX:MaxRAM=1g}). One body larger than it is read only alone.
         */
        OptionalLong maxBodyBytesInFlight();
    }

    Audio audio();

    VideoConfig video();

    interface Image {
        /** Encoded size at most (413 past it). */
        @WithDefault("20971520")
        long maxBytes();

        /** Width × height at most, read from the header before decoding (413 past it). */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * Decoded pixels of the image requests in flight at most, checked from each image's header
         * before it is decoded and held until its answer is sent; past it, 503 with Retry-After.
         * Unset: derived from the memory the process has ({@code MemoryShare#pixels}: the smaller of
         * the heap and a quarter of the memory limit, at 64 bytes a pixel; 4 MP under
         * {@code -XX:MaxRAM=1g}, 8 MP in a 2 GiB pod), and then no single image larger than it is
         * accepted either (413), since it could not be decoded within the memory. Set: one image larger
         * than it runs only alone.
         */
        OptionalLong maxPixelsInFlight();

        /** Shortest side at least (400 below it). */
        @WithDefault("8")
        int minSide();

        /**
         * Threads that parse large request bodies and decode images, below the event loops' priority;
         * 0 = four per core. A burst waits for them in a queue instead of starting a thread per request.
         */
        @WithDefault("0")
        int threads();

        /**
         * Requests that may wait for an image thread, beyond those running on one; 0 = twice the
         * threads. Past it, 503 with Retry-After at once, before the body is parsed: in a burst, a
         * request queued behind hundreds of others would only be refused later.
         */
        @WithDefault("0")
        int maxWaiting();

        /** The image model when a request names none; unset: a CLIP model if one is installed, else ocr-text. */
        Optional<String> defaultModel();

        Url url();

        interface Url {
            /** Fetching imageUrl is off unless turned on. */
            @WithDefault("false")
            boolean enabled();

            @WithDefault("20971520")
            long maxBytes();

            @WithDefault("10s")
            Duration timeout();

            @WithDefault("3")
            int maxRedirects();

            /** Private ranges allowed as exceptions to the block list, e.g. 10.20.0.0/16 for an internal store. */
            Optional<List<String>> allowedCidrs();
        }
    }

    interface Audio {
        /**
         * Encoded size at most (413 past it): OpenAI's limit for a transcription. Sent as base64 in
         * JSON, the body limit (quarkus.http.limits.max-body-size) caps it at about 20 MB first.
         */
        @WithDefault("26214400")
        long maxBytes();

        /** Duration at most, as the container declares it and again as decoded (413 past it). */
        @WithDefault("600")
        double maxSeconds();

        /** The source's sample rate at most, read before decoding (413 past it). */
        @WithDefault("192000")
        int maxSampleRate();

        /** The source's channels at most, read before decoding (413 past it). */
        @WithDefault("8")
        int maxChannels();

        /** The voice activity model that cuts a recording into speech segments. */
        @WithDefault("silero-vad-v5")
        String vadModel();

        /** The speech-to-text model transcribe and encode-audio use. */
        @WithDefault("sphinx4-en-us")
        String asrModel();

        /**
         * Segments transcribed at once, across requests; 0 = one per core. Each one running holds a
         * Sphinx4 decoder with its own copy of the model (about 150-300 MB of heap).
         */
        @WithDefault("2")
        int parallelSegments();

        Vad vad();

        interface Vad {
            /** Speech probability at which a frame starts speech; it ends below this minus 0.15. */
            @WithDefault("0.5")
            float threshold();

            /** Speech shorter than this is dropped (a click, a cough). */
            @WithDefault("250")
            int minSpeechMs();

            /** Silence shorter than this does not end a segment. */
            @WithDefault("300")
            int minSilenceMs();

            /** Added before and after each segment, so the first and last phones are not clipped. */
            @WithDefault("150")
            int padMs();

            /** A segment longer than this is cut at its quietest frame (the decoder's memory grows with it). */
            @WithDefault("30")
            int maxSegmentSeconds();
        }
    }

    interface Ocr {
        /** The ocr model read-text and ocr-text use. */
        @WithDefault("pp-ocrv4")
        String model();
    }

    interface Scoring {
        /** Document window size in tokens, special tokens included: about a sentence. */
        @WithDefault("32")
        int windowTokens();

        /** Tokens each window shares with the previous one. */
        @WithDefault("16")
        int overlapTokens();

        @WithDefault("32")
        int maxSummaries();

        @WithDefault("100000")
        int maxDocumentChars();

        /** Candidate captions (or labels) per score-captions request. */
        @WithDefault("256")
        int maxCaptions();

        /** The template labels go into. */
        @WithDefault("a photo of a {}")
        String captionTemplate();

        /** The softmax scale of score-captions for a model whose manifest gives none (ocr-text). */
        @WithDefault("100")
        double logitScale();
    }

    interface Fusion {
        /** Strategy when a request names none. */
        @WithDefault("weighted-average")
        String strategy();

        /** τ of the attention strategy. */
        @WithDefault("" + Fuser.Options.DEFAULT_TEMPERATURE)
        double temperature();

        @WithDefault("256")
        int maxParts();

        /** Space → projection head: parts of that space are projected before fusing, e.g. to match sizes. */
        Map<String, String> projections();
    }

    interface Models {
        /** Folder of model folders, each with a model.json. */
        @WithDefault("models")
        String dir();

        /** Model ids to load; unset loads every manifest in the folder. */
        Optional<Set<String>> include();

        /** Check every model file against its sha256 at start-up and refuse one that does not match. */
        @WithDefault("true")
        boolean verifyChecksums();

        /** Hash every file at every start, instead of only files changed since they were last verified. */
        @WithDefault("false")
        boolean fullChecksums();

        /** Run one inference per model before readiness turns UP. */
        @WithDefault("true")
        boolean warmUp();
    }

    interface Runtime {
        /** auto (CUDA, else CPU), cuda (CUDA or fail) or cpu. */
        @WithDefault("auto")
        String provider();

        @WithDefault("0")
        int cudaDevice();

        /** Threads inside one operator; 0 = the cores divided among the batch workers. */
        @WithDefault("0")
        int intraOpThreads();

        @WithDefault("1")
        int interOpThreads();

        /** Graph optimisation: none, basic, extended or all. */
        @WithDefault("all")
        String optimizationLevel();

        /**
         * ONNX Runtime's memory pattern: plans kept per input shape. Off by default: OCR crops and
         * text batches come in ever new shapes, and with it on a service's RSS grew by about 150 MB
         * with each burst of bench/overload (1.86 to 2.35 GB in four), against flat with it off and
         * MALLOC_ARENA_MAX=2 (1.42 to 1.66 GB).
         */
        @WithDefault("false")
        boolean memoryPattern();

        @WithDefault("true")
        boolean cpuArena();

        /** Let idle ONNX Runtime threads spin; off leaves the cores to HTTP and tokenisation. */
        @WithDefault("false")
        boolean allowSpinning();

        /** Keep each CPU graph as optimised once beside its model file, and open that at later starts. */
        @WithDefault("true")
        boolean graphCache();
    }

    interface Batch {
        @WithDefault("" + BatcherSettings.DEFAULT_MAX_BATCH_SIZE)
        int maxSize();

        /** How long a text may wait for others to join its batch, only spent under concurrent load. */
        @WithDefault("" + BatcherSettings.DEFAULT_MAX_DELAY_MICROS)
        long maxDelayMicros();

        /** Texts waiting per model at most; past that requests get 503 with Retry-After. */
        @WithDefault("" + BatcherSettings.DEFAULT_QUEUE_CAPACITY)
        int queueCapacity();

        /**
         * Batches in flight per model. Two single-threaded runs side by side beat one two-threaded
         * run on small CPU pods: one batch fills while the other runs.
         */
        @WithDefault("" + BatcherSettings.DEFAULT_WORKERS)
        int workers();

        @WithDefault("" + BatcherSettings.DEFAULT_RETRY_AFTER_SECONDS)
        int retryAfterSeconds();

        /**
         * Bytes of input tensors queued or running per model (per graph, for OCR's stages) at most;
         * past that requests get 503 with Retry-After. It bounds a batch's memory too: 64 MiB is
         * about 8 detector pages of 960 px, or 350 recogniser lines.
         */
        @WithDefault("" + BatcherSettings.DEFAULT_MAX_BYTES_IN_FLIGHT)
        long maxBytesInFlight();

        /**
         * Longest a request may wait in a model's queue before any of its items runs; past it, 503
         * instead of a late answer.
         */
        @WithDefault(BatcherSettings.DEFAULT_QUEUE_DEADLINE_SECONDS + "s")
        Duration queueDeadline();

        /**
         * At shutdown, how long each model's accepted work may take to finish before its runs are
         * terminated (after quarkus.shutdown.timeout has let the HTTP requests finish).
         */
        @WithDefault(BatcherSettings.DEFAULT_DRAIN_SECONDS + "s")
        Duration drainTimeout();
    }

    interface Text {
        /** Model used when a request names none. */
        @WithDefault("all-minilm-l6-v2-q")
        String defaultModel();

        /** Model used instead when it runs on CUDA (int8 pays on CPU, fp32 on a GPU). */
        @WithDefault("all-minilm-l6-v2")
        String defaultModelCuda();

        @WithDefault("256")
        int maxTexts();

        /** Characters per text at most. */
        @WithDefault("100000")
        int maxChars();

        /**
         * Characters of text requests in flight at most (encode-text's texts, a score-summaries document),
         * admitted before they are tokenised and held until the answer is ready; past it, 503 with
         * Retry-After. Unset: derived from the memory the process has ({@code MemoryShare#chars}: the
         * smaller of the heap and a quarter of the memory limit, at 16 bytes a character; 16 M under
         * {@code -XX:MaxRAM=1g}). One request larger than it runs only alone.
         */
        OptionalLong maxCharsInFlight();

        /** truncate or average: what happens to a text past the model's token limit. */
        @WithDefault("truncate")
        String overflow();
    }
}
