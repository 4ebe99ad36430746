package dev.multimodal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** mmf.audio.time-budget, as each segment of a recording starts: 503 if it only waited, 413 once it ran. */
class SegmentClockTest {

    @Test
    void aBudgetSpentWaitingForADecoderIsA503TheClientMayRetry() {
        SegmentClock clock = new SegmentClock(Duration.ZERO, "audio", 7);
        OverloadedException busy = assertThrows(OverloadedException.class, clock::starting);
        assertEquals(7, busy.retryAfterSeconds());
        assertTrue(busy.getMessage().contains("mmf.audio.time-budget"), busy.getMessage());
    }

    @Test
    void aBudgetSpentOnTheRecordingsOwnSegmentsIsA413() throws Exception {
        SegmentClock clock = new SegmentClock(Duration.ofMillis(300), "file", 7);
        clock.starting(); // the first segment starts at once, within the budget
        Thread.sleep(400); // as if it took the budget
        InputException tooLong = assertThrows(InputException.class, clock::starting);
        assertEquals(InputException.Kind.TOO_LARGE, tooLong.kind());
        assertEquals("file", tooLong.field());
        assertTrue(tooLong.getMessage().contains("mmf.audio.time-budget (0.3 s)"), tooLong.getMessage());
    }

    @Test
    void aSegmentTheBudgetCutShortIsA413NotAShortTranscript() throws Exception {
        SegmentClock clock = new SegmentClock(Duration.ofMillis(300), "audio", 7);
        clock.starting();
        assertFalse(clock.spent());
        clock.finished(); // within the budget: its transcript stands
        Thread.sleep(400);
        assertTrue(clock.spent(), "the decoder stops reading the segment");
        InputException cut = assertThrows(InputException.class, clock::finished);
        assertEquals(InputException.Kind.TOO_LARGE, cut.kind());
    }

    /** A clip's transcript starts after its pictures: the budget runs from the request, not from there. */
    @Test
    void theBudgetRunsFromTheRequestsStartNotFromTheTranscripts() {
        long started = System.nanoTime() - Duration.ofSeconds(30).toNanos(); // pictures took 30 s
        SegmentClock clock = new SegmentClock(Duration.ofSeconds(25), started, "video", 7);
        assertTrue(clock.spent());
        InputException tooLong = assertThrows(InputException.class, clock::starting);
        assertEquals(InputException.Kind.TOO_LARGE, tooLong.kind(), "the clip's own length, not a wait");
        assertFalse(new SegmentClock(Duration.ofSeconds(25), "video", 7).spent(), "a clock started now");
    }
}
