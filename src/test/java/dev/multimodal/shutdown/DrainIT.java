package dev.multimodal.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.TestAudio;
import dev.multimodal.http.RequestGuard;
import dev.multimodal.video.TestVideo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

    /**
     * SIGTERM while clips are being decoded (issue 24): four 720p read-video requests with speech,
     * the signal 2 s after they went. The drain lets them run for mmf.batch.drain-timeout; what has not
     * finished by then is answered 503 at once, before the HTTP server closes (before that fix all four
     * lost their connections). Each decoder frees its FFmpeg contexts itself when it leaves them, and the
     * voice activity model is closed only once no frame runs in it: the JVM exits without a crash log.
     */
    @Test
    void sigtermMidVideoDecodeDrainsWithoutANativeCrash(@TempDir Path work) throws Exception {
        byte[] clip = TestVideo.clip()
                .size(1280, 720)
                .slide("navy", "FIRST SLIDE", 4)
                .slide("darkred", "SECOND SLIDE", 4)
                .slide("darkgreen", "LAST SLIDE", 4)
                .audio(TestAudio.flite("drain", "the weather is cold and the river is frozen"))
                .bytes("drain.mp4");
        byte[] body = ("{\"video\": \"" + Base64.getEncoder().encodeToString(clip) + "\"}").getBytes();
        assertTrue(body.length < 4_000_000, "a body well within the limits: " + body.length);
        List<DrainTrial.Request> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(new DrainTrial.Request("/read-video", body, false));
        }
        DrainTrial.Result r = DrainTrial.run(
                Path.of("."),
                work,
                "pp-ocrv4,all-minilm-l6-v2-q,silero-vad-v5,sphinx4-en-us",
                requests,
                Duration.ofMillis(2000));
        assertEquals(0, r.lost(), "no request lost: " + r);
        assertTrue(r.unexpected().isEmpty(), "only 200 or a clean 503: " + r);
        assertEquals(4, r.ok() + r.refused(), r.toString());
        // in flight at the signal: each finished during the drain, or got its 503 at the drain's end
        // (RequestCancellation.stopAll) while the server still wrote answers; which, the machine decides
        assertTrue(
                r.okAfterSignal() + r.reasons().getOrDefault("was cancelled", 0) > 0,
                "clips in flight at the signal were finished or told the service is stopping: " + r);
        assertTrue(r.crashLogs().isEmpty(), "no hs_err_pid*.log: " + r);
        assertTrue(r.exitStatus() == 0 || r.exitStatus() == 143, "a normal exit status: " + r);
    }

    /**
     * SIGTERM while Sphinx4 decodes (issue 26): four 60 s recordings of read speech, the signal 4 s after
     * they went, when both decoders are inside a segment. Four minutes of speech cannot be heard within
     * the drain, so the recordings still in flight at its end are answered 503 (RequestCancellation.stopAll)
     * while the server still writes answers, and their decoders stop reading within a frame
     * (audio.StoppableInput, whose own test is Sphinx4RecognizerTest). Without the drain's stop the
     * requests would lose their connections when the server closes, as read-video's did above.
     */
    @Test
    void sigtermMidTranscriptionStopsTheDecodersWithinTheDrain(@TempDir Path work) throws Exception {
        byte[] speech = TestAudio.ffmpeg(
                TestAudio.librivox("0870"),
                "drain-speech.ogg",
                "-af",
                "aloop=loop=-1:size=1000000",
                "-t",
                "60",
                "-ac",
                "1",
                "-c:a",
                "libopus",
                "-b:a",
                "24k");
        byte[] body = ("{\"audio\": \"" + Base64.getEncoder().encodeToString(speech) + "\"}").getBytes();
        List<DrainTrial.Request> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(new DrainTrial.Request("/transcribe", body, false));
        }
        DrainTrial.Result r =
                DrainTrial.run(Path.of("."), work, "silero-vad-v5,sphinx4-en-us", requests, Duration.ofMillis(4000));
        assertEquals(0, r.lost(), "no request lost: " + r);
        assertTrue(r.unexpected().isEmpty(), "only 200 or a clean 503: " + r);
        assertEquals(4, r.ok() + r.refused(), r.toString());
        // four minutes of speech on two decoders cannot all be heard within the drain: some were stopped
        assertTrue(r.refused() > 0, "recordings stopped at the drain's end: " + r);
        assertTrue(r.crashLogs().isEmpty(), "no hs_err_pid*.log: " + r);
        assertTrue(r.exitStatus() == 0 || r.exitStatus() == 143, "a normal exit status: " + r);
    }
}
