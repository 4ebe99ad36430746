package dev.multimodal.service;

import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.settings.Keys;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One transcription's time budget ({@code mmf.audio.time-budget}), from its admission, checked as
 * each of its segments is about to decode: the stage boundary where a decoder is free to do other
 * work instead. Spent before any segment of the recording started, the request only waited behind
 * others, and it is a 503 the client may retry; spent after, its own segments took the time, and
 * the recording is too long for the budget (413).
 */
final class SegmentClock {

    private final Duration budget;
    private final long deadline;
    private final String field;
    private final int retryAfterSeconds;
    private final AtomicBoolean started = new AtomicBoolean();

    SegmentClock(Duration budget, String field, int retryAfterSeconds) {
        this(budget, System.nanoTime(), field, retryAfterSeconds);
        started.set(false);
    }

    /**
     * For a request whose own work came first (a clip's pictures): the budget runs from its start, and
     * spending it is that request's length (413), not a wait behind others.
     *
     * @param startedNanos when the request started ({@link System#nanoTime})
     */
    SegmentClock(Duration budget, long startedNanos, String field, int retryAfterSeconds) {
        this.budget = budget;
        this.started.set(true);
        this.deadline = startedNanos + budget.toNanos();
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whether the budget is spent: a segment decoding now stops reading its audio. */
    boolean spent() {
        return System.nanoTime() - deadline >= 0;
    }

    /** Called as a segment ends: a segment the budget stopped short is no transcript, but a 413. */
    void finished() {
        if (spent()) {
            starting();
        }
    }

    /** Called as a segment starts: refuses it once the budget is spent. */
    void starting() {
        if (System.nanoTime() - deadline < 0) {
            started.set(true);
            return;
        }
        if (started.get()) {
            throw InputException.tooLarge(
                    field,
                    "its speech was not transcribed within " + Keys.AUDIO_TIME_BUDGET + " (" + seconds()
                            + " s) of the request's start; send a shorter recording, or raise the setting");
        }
        throw new OverloadedException(
                "the speech decoders were busy for longer than " + Keys.AUDIO_TIME_BUDGET + " (" + seconds()
                        + " s) allows before " + field + " could start; try again later",
                retryAfterSeconds);
    }

    private String seconds() {
        return BigDecimal.valueOf(budget.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
