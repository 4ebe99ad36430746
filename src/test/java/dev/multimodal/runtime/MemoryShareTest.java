package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The admission budgets' defaults follow the memory the process has, not fixed numbers. */
class MemoryShareTest {

    private static final long MIB = 1024L * 1024;

    @Test
    void aOneGibibytePodWithTheDefaultHeapGetsAQuarterOfItsLimit() {
        MemoryShare pod = new MemoryShare(256 * MIB, 1024 * MIB); // -XX:MaxRAM=1g: the heap is a quarter
        assertEquals(256 * MIB, pod.bytes());
        assertEquals(256 * MIB / 64, pod.pixels()); // 4 MP, where the fixed default was 16 MP
        assertEquals(256 * MIB / 16, pod.chars());
        assertEquals(128 * MIB / 16, pod.samples()); // 8.7 minutes of 16 kHz audio: half the heap
    }

    @Test
    void recordingsInFlightLeaveHalfTheHeapToTheSpeechDecoders() {
        // the image's default in a 1 GiB pod (JAVA_MAX_MEM_RATIO=50): a 512 MiB heap, one decoder of 256
        MemoryShare pod = new MemoryShare(512 * MIB, 1024 * MIB);
        assertEquals(256 * MIB / 16, pod.samples());
        assertEquals(3 * 1024 * MIB / 16, new MemoryShare(6 * 1024 * MIB, 24 * 1024 * MIB).samples());
    }

    @Test
    void theSmallerOfTheHeapAndAQuarterOfTheLimitHolds() {
        assertEquals(512 * MIB, new MemoryShare(1536 * MIB, 2048 * MIB).bytes(), "a large heap in a small pod");
        assertEquals(100 * MIB, new MemoryShare(100 * MIB, 8192 * MIB).bytes(), "a small heap on a large machine");
        assertEquals(8_388_608, new MemoryShare(512 * MIB, 2048 * MIB).pixels(), "a 2 GiB pod: 8 MP");
    }

    @Test
    void aTinyHeapStillServesOneSmallRequest() {
        MemoryShare tiny = new MemoryShare(MIB, 4 * MIB);
        assertEquals(MemoryShare.MIN_PIXELS, tiny.pixels());
        assertEquals(MemoryShare.MIN_CHARS, tiny.chars());
        assertEquals(MemoryShare.MIN_SAMPLES, tiny.samples());
        assertThrows(IllegalArgumentException.class, () -> new MemoryShare(0, 1));
    }

    @Test
    void thisProcessIsMeasuredFromItsOwnHeapAndLimit() {
        MemoryShare self = MemoryShare.ofThisProcess();
        assertEquals(Runtime.getRuntime().maxMemory(), self.heapBytes());
        assertTrue(self.limitBytes() > 0);
        assertTrue(self.bytes() <= self.heapBytes() && self.bytes() <= self.limitBytes() / 4 + 1);
    }
}
