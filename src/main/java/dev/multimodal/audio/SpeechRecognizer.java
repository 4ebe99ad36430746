package dev.multimodal.audio;

import dev.multimodal.models.ModelManifest;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Speech to text for one segment of 16 kHz mono audio, behind which each engine family sits
 * ({@code asr-sphinx4} today; an ONNX Whisper would be another implementation). Implementations are
 * safe to call from several threads at once; the caller bounds how many.
 */
public interface SpeechRecognizer extends AutoCloseable {

    ModelManifest manifest();

    /** The text of {@code samples}, with each word's time relative to the first sample. */
    default Transcript transcribe(float[] samples) {
        return transcribe(samples, () -> false);
    }

    /**
     * As {@link #transcribe(float[])}, but the engine stops reading the segment once {@code stop}
     * says so (its caller has gone, or its time is spent), and answers with what it heard so far: a
     * segment of 30 s takes seconds to decode, and the engine cannot be interrupted in the middle of
     * its search, only starved of input.
     */
    Transcript transcribe(float[] samples, BooleanSupplier stop);

    /**
     * Whether the engine can raise the weight of words the user expects ({@code prompt},
     * {@code phrases}); Sphinx4's n-gram decoder cannot be biased per request.
     */
    default boolean acceptsPhrases() {
        return false;
    }

    @Override
    void close();

    /** A word and where it is, in seconds from the segment's start. */
    record TimedWord(String word, double start, double end) {}

    /**
     * @param confidence the mean posterior of the words in [0, 1]; 0 when nothing was recognised
     */
    record Transcript(String text, double confidence, List<TimedWord> words) {

        public static final Transcript EMPTY = new Transcript("", 0, List.of());
    }
}
