package dev.multimodal.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.http.RequestGuard;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, against the packaged jar: 16 read-text and 16 encode-text requests in flight
 * when the signal comes, half the read-text ones over 16 KB so that they are parsed on the image
 * threads rather than the event loop. Every one gets a 200 or a clean 503, readiness is DOWN right after the
 * signal, new work gets 503 with Retry-After, the JVM exits normally and writes no crash log.
 */
class DrainIT {

    @Test
    void sigtermUnderLoadAnswersEveryRequestAndExitsCleanly(@TempDir Path work) throws Exception {
        DrainTrial.Result r = DrainTrial.run(Path.of("."), work, 16, 16, Duration.ofMillis(1500));
        assertEquals(0, r.lost(), "no request lost: " + r);
        assertTrue(r.unexpected().isEmpty(), "only 200 or a clean 503: " + r);
        assertEquals(32, r.ok() + r.refused(), r.toString());
        assertTrue(r.ok() > 0, "accepted work finished with its real answer: " + r);
        assertTrue(
                DrainTrial.LARGE_BODY_BYTES > RequestGuard.PARSE_ON_EVENT_LOOP_BYTES,
                "the large bodies take the other path");
        assertTrue(r.largeOk() > 0, "work parsed on the image threads finished too: " + r);
        assertTrue(r.crashLogs().isEmpty(), "no hs_err_pid*.log: " + r);
        assertTrue(r.exitStatus() == 0 || r.exitStatus() == 143, "a normal exit status: " + r);
        assertTrue(r.readiness() == 503 || r.readiness() == -1, "readiness DOWN after SIGTERM: " + r);
        assertTrue(
                r.newWork() == -1 || r.newWork() == 503 && r.newWorkHadRetryAfter(),
                "new work after SIGTERM gets 503 + Retry-After: " + r);
    }
}
