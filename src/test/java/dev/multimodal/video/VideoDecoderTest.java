package dev.multimodal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shots, keyframes and refusals on clips made by ffmpeg at test time. */
class VideoDecoderTest {

    private static final VideoDecoder DECODER = new VideoDecoder(VideoLimits.defaults(), ShotSettings.defaults());
    private static TestVideo slides;
    private static byte[] mp4;

    @BeforeAll
    static void makeClips() throws IOException {
        slides = TestVideo.clip()
                .slide("navy", "HELLO", 2)
                .slide("darkred", "WORLD", 1.5)
                .slide("darkgreen", "GOODBYE", 2.5);
        mp4 = slides.bytes("slides.mp4");
    }

    @Test
    void hardCutsAreFoundWithinHalfASecondAndEachShotHasAKeyframe() {
        DecodedVideo video = DECODER.decode(mp4, "video");
        assertEquals(320, video.width());
        assertEquals(180, video.height());
        assertEquals(25, video.fps(), 0.01);
        assertEquals(6, video.duration(), 0.1);
        assertEquals(150, video.frames(), 2); // concat may round a segment to one frame more
        assertFalse(video.hasAudio());
        assertEquals("h264", video.codec());
        assertCuts(slides.cuts(), video);
        for (Shot shot : video.shots()) {
            assertTrue(shot.keyframeTime() >= shot.start() && shot.keyframeTime() < shot.end(), shot.toString());
            assertEquals(320, shot.keyframe().width());
        }
        // the keyframe is a picture of its shot: the second slide is dark red
        int rgb = video.shots().get(1).keyframe().image().getRGB(5, 5);
        assertTrue(((rgb >> 16) & 0xff) > 100 && (rgb & 0xff) < 40, Integer.toHexString(rgb));
    }

    @Test
    void webmWithVp9AndMatroskaCutAlike() throws IOException {
        assertCuts(slides.cuts(), DECODER.decode(slides.bytes("slides.webm"), "video"));
        DecodedVideo mkv = DECODER.decode(slides.bytes("slides.mkv"), "video");
        assertEquals("matroska,webm", mkv.format());
        assertCuts(slides.cuts(), mkv);
    }

    @Test
    void noiseAndMotionAreNoCuts() throws IOException {
        TestVideo clip =
                TestVideo.clip().slide("navy", "BEFORE", 2).noise(2).pattern(3).slide("purple", "AFTER", 2);
        assertCuts(clip.cuts(), DECODER.decode(clip.bytes("noise.mp4"), "video"));
    }

    @Test
    void aLongShotGetsAKeyframeEveryMaxShotSeconds() throws IOException {
        TestVideo clip = TestVideo.clip().slide("navy", "HELD", 25);
        VideoDecoder decoder = new VideoDecoder(VideoLimits.defaults(), new ShotSettings(0.25, 0.04, 10, 0.4, 10, 32));
        List<Shot> shots = decoder.decode(clip.bytes("held.mp4"), "video").shots();
        assertEquals(3, shots.size(), shots.toString());
        assertEquals(10, shots.get(1).start(), 0.2);
        assertEquals(20, shots.get(2).start(), 0.2);
        assertTrue(shots.stream().noneMatch(Shot::cut));
    }

    @Test
    void aCutWhereALongShotWouldBeSplitIsStillACut() throws IOException {
        // compared frames fall at 0, 0.12, ... 9.96, 10.08: the cut's first compared frame is past 10 s
        TestVideo clip = TestVideo.clip().slide("navy", "FIRST", 10).slide("darkred", "SECOND", 3);
        VideoDecoder decoder = new VideoDecoder(VideoLimits.defaults(), new ShotSettings(0.25, 0.04, 10, 0.4, 10, 32));
        DecodedVideo video = decoder.decode(clip.bytes("split-at-cut.mp4"), "video");
        assertCuts(clip.cuts(), video);
        assertEquals(2, video.shots().size(), video.shots().toString());
    }

    @Test
    void manyCutsKeepAtMostMaxKeyframesCoveringTheWholeClip() throws IOException {
        TestVideo clip = TestVideo.clip();
        String[] colours = {"navy", "darkred", "darkgreen", "purple"};
        for (int i = 0; i < 12; i++) {
            clip.slide(colours[i % 4], "S" + i, i == 5 ? 2 : 0.6);
        }
        VideoDecoder decoder = new VideoDecoder(VideoLimits.defaults(), new ShotSettings(0.25, 0.04, 10, 0.4, 10, 4));
        DecodedVideo video = decoder.decode(clip.bytes("many.mp4"), "video");
        assertEquals(4, video.shots().size(), video.shots().toString());
        assertEquals(0, video.shots().get(0).start(), 1e-9);
        assertEquals(video.duration(), video.shots().get(3).end(), 1e-9);
        // the longest slide (3.0 to 5.0 s) keeps its own shot
        assertTrue(video.shots().stream().anyMatch(s -> Math.abs(s.start() - 3.0) < 0.3 && s.seconds() >= 1.9));
    }

    @Test
    void limitsAreRefusedNamingTheirSetting() {
        refused(new VideoLimits(1000, 600, 1 << 24, 36_000, Duration.ofSeconds(60)), mp4, 413, "mmf.video.max-bytes");
        refused(
                new VideoLimits(1 << 24, 3, 1 << 24, 36_000, Duration.ofSeconds(60)),
                mp4,
                413,
                "mmf.video.max-seconds");
        refused(
                new VideoLimits(1 << 24, 600, 320 * 180 - 1, 36_000, Duration.ofSeconds(60)),
                mp4,
                413,
                "mmf.video.max-pixels");
        refused(new VideoLimits(1 << 24, 600, 1 << 24, 20, Duration.ofSeconds(60)), mp4, 413, "mmf.video.max-frames");
        refused(new VideoLimits(1 << 24, 600, 1 << 24, 36_000, Duration.ofNanos(1)), mp4, 413, "mmf.video.time-budget");
    }

    @Test
    void aHugeFrameAndATenHourClipAreRefusedFromTheHeaderBeforeDecoding() throws IOException {
        // one 8192 × 8192 frame of 67 MP, and ten hours at 1 fps: both small files
        Path huge = TestVideo.work().resolve("huge.mkv");
        TestVideo.run(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=navy:s=8192x8192:r=1:d=1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                huge.toString()));
        Path long10h = TestVideo.work().resolve("ten-hours.mp4");
        TestVideo.run(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=navy:s=64x36:r=1:d=36000",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                long10h.toString()));
        // the header's words, not the decoding loop's ("has a frame of", "decodes past")
        refused(VideoLimits.defaults(), Files.readAllBytes(huge), 413, "is 8192x8192 (67108864 pixels a frame)");
        refused(VideoLimits.defaults(), Files.readAllBytes(long10h), 413, "lasts 36000.0 s as its container declares");
    }

    @Test
    void truncatedGarbageAndNonVideoAreRefused() throws IOException {
        refused(VideoLimits.defaults(), Arrays.copyOf(mp4, mp4.length / 2), 400, "truncated");
        byte[] fastStart =
                slides.bytes("faststart.mp4", "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart");
        refused(VideoLimits.defaults(), Arrays.copyOf(fastStart, fastStart.length / 2), 400, "truncated");
        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        refused(VideoLimits.defaults(), noise, 415, "not a video file");
        refused(VideoLimits.defaults(), "just text".getBytes(StandardCharsets.UTF_8), 415, "not a video file");
        refused(VideoLimits.defaults(), new byte[0], 400, "empty");
    }

    @Test
    void aCodecThatCannotBeDecodedIs415NamingIt() {
        byte[] renamed = mp4.clone();
        byte[] avc1 = "avc1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 4 <= renamed.length; i++) {
            if (Arrays.equals(renamed, i, i + 4, avc1, 0, 4)) {
                System.arraycopy("qqqq".getBytes(StandardCharsets.US_ASCII), 0, renamed, i, 4);
            }
        }
        refused(VideoLimits.defaults(), renamed, 415, "qqqq");
    }

    @Test
    void mangledBytesNeverCrashTheProcess() throws IOException {
        byte[] webm = slides.bytes("mangled.webm");
        Random random = new Random(11);
        for (int round = 0; round < 60; round++) {
            byte[] bytes = (round % 2 == 0 ? mp4 : webm).clone();
            int flips = 1 + random.nextInt(40);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (round % 3 == 0) {
                bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
            }
            try {
                DecodedVideo video = DECODER.decode(bytes, "video");
                assertFalse(video.shots().isEmpty());
            } catch (InputException refused) {
                assertEquals("video", refused.field());
            }
        }
    }

    static void assertCuts(List<Double> truth, DecodedVideo video) {
        List<Double> found =
                video.shots().stream().filter(Shot::cut).map(Shot::start).toList();
        assertEquals(truth.size(), found.size(), "cuts " + found + ", truly " + truth);
        for (int i = 0; i < truth.size(); i++) {
            assertEquals(truth.get(i), found.get(i), 0.5, "cuts " + found + ", truly " + truth);
        }
    }

    private static void refused(VideoLimits limits, byte[] bytes, int status, String says) {
        InputException e = assertThrows(
                InputException.class, () -> new VideoDecoder(limits, ShotSettings.defaults()).decode(bytes, "video"));
        assertEquals("video", e.field());
        InputException.Kind kind = switch (status) {
            case 400 -> InputException.Kind.MALFORMED;
            case 413 -> InputException.Kind.TOO_LARGE;
            default -> InputException.Kind.UNSUPPORTED_TYPE;
        };
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
