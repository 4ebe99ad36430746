package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The start-up lines keep the one-decimal shape that bench/coldstart reads. */
class StartupLogTest {

    @Test
    void millisecondsHaveOneDecimal() {
        assertEquals("12.3", StartupLog.tenths(12.34));
        assertEquals("12.4", StartupLog.tenths(12.36));
        assertEquals("0.0", StartupLog.tenths(0.01));
        assertEquals("5.0", StartupLog.tenths(5));
        assertEquals("1234567.9", StartupLog.tenths(1234567.89));
        assertEquals("-0.5", StartupLog.tenths(-0.5));
    }
}
