package dev.multimodal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import dev.multimodal.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Silero VAD on real speech between stretches of silence, on silence alone and on noise alone. */
class VoiceActivityDetectorTest {

    private static final int RATE = DecodedAudio.SAMPLE_RATE;
    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.defaults());

    @Test
    void segmentsCoverTheSpeechAndNotTheSilenceAround() throws Exception {
        float[] first = speech("0880");
        float[] second = speech("0930");
        // 2 s silence, speech, 3 s silence, speech, 2 s silence
        int firstAt = 2 * RATE;
        int secondAt = firstAt + first.length + 3 * RATE;
        float[] audio = new float[secondAt + second.length + 2 * RATE];
        System.arraycopy(first, 0, audio, firstAt, first.length);
        System.arraycopy(second, 0, audio, secondAt, second.length);

        List<SpeechSegment> segments = AudioModels.vad().segments(audio, VadSettings.defaults());

        assertTrue(!segments.isEmpty());
        int gapStart = firstAt + first.length;
        for (SpeechSegment s : segments) {
            boolean inLeadingSilence = s.end() <= firstAt;
            boolean inGap = s.start() >= gapStart && s.end() <= secondAt;
            boolean inTrailingSilence = s.start() >= secondAt + second.length;
            assertTrue(!inLeadingSilence && !inGap && !inTrailingSilence, "a segment in silence: " + s);
        }
        // the spoken parts (the clips' own loud stretches) are inside segments
        assertTrue(covered(segments, loud(first, firstAt)) > 0.95, "first clip covered");
        assertTrue(covered(segments, loud(second, secondAt)) > 0.95, "second clip covered");
        // and the segments hold little else: at most their padding and the clips' own pauses
        int inSegments = segments.stream().mapToInt(SpeechSegment::length).sum();
        assertTrue(inSegments < first.length + second.length + RATE, "segments span " + inSegments);
        // the 3 s of silence between the clips ends one segment and starts another
        assertTrue(segments.stream().anyMatch(s -> s.end() <= secondAt)
                && segments.stream().anyMatch(s -> s.start() >= gapStart));
    }

    /**
     * close() waits for a run in progress and refuses the frames after it, so the session can be closed
     * with nothing inside it. A detector of its own, since the shared one serves the other tests.
     */
    @Test
    void closeWaitsForTheFrameBeingRunAndRefusesTheRest() throws Exception {
        VoiceActivityDetector own = new VoiceActivityDetector(
                AudioModels.repository().get(AudioModels.VAD).orElseThrow(),
                TestModels.host().environment());
        float[] minute = new float[60 * RATE];
        CompletableFuture<float[]> running = CompletableFuture.supplyAsync(() -> {
            try {
                return own.probabilities(minute);
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        own.close();
        CompletionException stopped = assertThrows(CompletionException.class, running::join);
        assertTrue(
                stopped.getCause() instanceof IllegalStateException
                        && stopped.getCause().getMessage().contains("closed"),
                "a minute of frames stops at the close: " + stopped.getCause());
        assertThrows(IllegalStateException.class, () -> own.probabilities(new float[RATE]));
    }

    @Test
    void silenceHasNoSegment() throws Exception {
        assertEquals(List.of(), AudioModels.vad().segments(new float[10 * RATE], VadSettings.defaults()));
    }

    @Test
    void noiseHasNoSegment() throws Exception {
        Random random = new Random(11);
        float[] white = new float[10 * RATE];
        float[] hum = new float[10 * RATE];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (random.nextGaussian() * 0.05);
            hum[i] = (float)
                    (0.2 * Math.sin(2 * Math.PI * 50 * i / RATE) + 0.1 * Math.sin(2 * Math.PI * 100 * i / RATE));
        }
        assertEquals(List.of(), AudioModels.vad().segments(white, VadSettings.defaults()), "white noise");
        assertEquals(List.of(), AudioModels.vad().segments(hum, VadSettings.defaults()), "mains hum");
    }

    @Test
    void aLongSegmentIsCutAtTheLimit() {
        float[] probabilities = new float[40 * RATE / VoiceActivityDetector.FRAME];
        java.util.Arrays.fill(probabilities, 0.9f);
        probabilities[probabilities.length / 2] = 0.6f; // the least speech-like frame past the middle
        List<SpeechSegment> segments = VoiceActivityDetector.segments(
                probabilities,
                probabilities.length * VoiceActivityDetector.FRAME,
                new VadSettings(0.5f, 250, 300, 0, 30));
        assertEquals(2, segments.size());
        assertTrue(segments.get(0).length() <= 30 * RATE);
        assertEquals(segments.get(0).end(), segments.get(1).start());
    }

    private static float[] speech(String clip) throws IOException {
        return DECODER.decode(Files.readAllBytes(TestAudio.librivox(clip)), "audio")
                .samples();
    }

    /** The 32 ms frames of {@code clip} louder than a tenth of its loudest frame, placed at {@code offset}. */
    private static List<int[]> loud(float[] clip, int offset) {
        int frame = VoiceActivityDetector.FRAME;
        double[] rms = new double[clip.length / frame];
        double max = 0;
        for (int f = 0; f < rms.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += clip[i] * clip[i];
            }
            rms[f] = Math.sqrt(sum / frame);
            max = Math.max(max, rms[f]);
        }
        List<int[]> loud = new java.util.ArrayList<>();
        for (int f = 0; f < rms.length; f++) {
            if (rms[f] > max / 10) {
                loud.add(new int[] {offset + f * frame, offset + (f + 1) * frame});
            }
        }
        return loud;
    }

    private static double covered(List<SpeechSegment> segments, List<int[]> frames) {
        long inside = frames.stream()
                .filter(f -> segments.stream().anyMatch(s -> s.start() <= f[0] && s.end() >= f[1]))
                .count();
        return inside / (double) frames.size();
    }
}
