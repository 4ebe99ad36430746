package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.OverloadedException;
import org.junit.jupiter.api.Test;

class MemoryAccountTest {

    private static final long MIB = 1 << 20;

    /** A 512 MiB heap in a 1 GiB container: the work's share is a quarter of the limit, 256 MiB. */
    private static MemoryAccount oneGibPod() {
        return new MemoryAccount(new MemoryShare(512 * MIB, 1024 * MIB));
    }

    @Test
    void theWorkInFlightSharesOneAccountAcrossItsKinds() {
        MemoryAccount account = oneGibPod();
        assertEquals(256 * MIB, account.workCapacity());
        CostBudget pixels = new CostBudget(
                "images",
                "decoded pixels",
                "mmf.image.max-pixels-in-flight",
                4_000_000,
                1,
                account,
                MemoryShare.BYTES_PER_PIXEL);
        CostBudget samples = new CostBudget(
                "speech",
                "decoded audio samples",
                "mmf.audio.max-samples-in-flight",
                10_000_000,
                1,
                account,
                MemoryShare.BYTES_PER_SAMPLE);
        // 3 MP of frames: 192 MiB of the 256, well within the pixel budget
        CostBudget.Lease frames = pixels.admit(3_000_000, "clip A");
        // another request's 312 s of speech fits its own budget (5 M of 10 M samples) but not the heap left
        OverloadedException refused = assertThrows(OverloadedException.class, () -> samples.admit(5_000_000, "B"));
        assertTrue(refused.getMessage().contains("mmf.audio.max-samples-in-flight"), refused.getMessage());
        assertTrue(refused.getMessage().contains("hold 184 MiB of the 256 MiB"), refused.getMessage());
        assertEquals(0, samples.inFlight(), "the refused request holds nothing in its own budget either");
        // the clip's own recording is part of the clip's request: it is admitted beside its frames
        CostBudget.Lease clipSpeech = samples.admit(5_000_000, "clip A");
        assertEquals(3_000_000L * 64 + 5_000_000L * 16, account.inFlight());
        frames.close();
        clipSpeech.close();
        assertEquals(0, account.inFlight(), "each lease gives back what it took from the account");
        samples.admit(5_000_000, "B").close();
    }

    @Test
    void oneRequestAloneIsAlwaysAdmittedAndNothingJoinsItPastTheShare() {
        MemoryAccount account = oneGibPod();
        assertTrue(account.tryAcquire(300 * MIB, "huge"), "alone, past the whole share");
        assertTrue(account.tryAcquire(40 * MIB, "huge"), "its own further costs");
        assertFalse(account.tryAcquire(1, "other"), "nothing else while it is over the share");
        assertFalse(account.tryAcquire(1, null), "nor an admission that names no request");
        account.release(340 * MIB, "huge");
        assertTrue(account.tryAcquire(1, "other"));
    }

    @Test
    void theSpeechDecodersReservationsComeOutOfTheWorksShare() {
        MemoryAccount account = new MemoryAccount(new MemoryShare(1024 * MIB, 2048 * MIB)); // a 2 GiB pod, ratio 50
        assertEquals(512 * MIB, account.workCapacity());
        MemoryAccount.Reservation one = account.reserve(256 * MIB);
        assertEquals(512 * MIB, account.workCapacity(), "the heap beside one decoder still holds the share");
        MemoryAccount.Reservation two = account.reserve(256 * MIB);
        MemoryAccount.Reservation three = account.reserve(256 * MIB);
        assertEquals(256 * MIB, account.workCapacity(), "three decoders leave a quarter of the heap");
        assertTrue(account.tryAcquire(200 * MIB, "a"));
        assertFalse(account.tryAcquire(100 * MIB, "b"), "what the decoders hold is not the requests' to take");
        three.close();
        three.close(); // once
        assertTrue(account.tryAcquire(100 * MIB, "b"));
        one.close();
        two.close();
        assertEquals(0, account.reserved());
    }
}
