package dev.multimodal.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Clips for the video tests, made at test time by Debian's ffmpeg from its lavfi sources (colour
 * slides with DejaVu text, test patterns, noise) joined with hard cuts, into a temporary folder.
 * Nothing is committed. Small (320x180 unless asked) so the tests stay fast.
 */
public final class TestVideo {

    public static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    private static Path work;

    private final List<String> segments = new ArrayList<>();
    private final List<Double> cuts = new ArrayList<>();
    private int width = 320;
    private int height = 180;
    private int fps = 25;
    private double length;
    private Path audio;

    public static TestVideo clip() {
        return new TestVideo();
    }

    public TestVideo size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** A still slide: {@code text} in white, centred, on {@code colour}. */
    public TestVideo slide(String colour, String text, double seconds) {
        int fontSize = height / 9;
        return segment(
                String.format(
                        Locale.ROOT,
                        "color=c=%s:s=%dx%d:r=%d:d=%s,drawtext=fontfile=%s:text='%s':fontsize=%d:fontcolor=white"
                                + ":x=(w-tw)/2:y=(h-th)/2",
                        colour,
                        width,
                        height,
                        fps,
                        seconds,
                        FONT,
                        text,
                        fontSize),
                seconds);
    }

    /** Grey with fresh noise in every frame: changes every frame, and is one shot. */
    public TestVideo noise(double seconds) {
        return segment(
                String.format(
                        Locale.ROOT,
                        "color=c=gray:s=%dx%d:r=%d:d=%s,noise=alls=100:allf=t+u",
                        width,
                        height,
                        fps,
                        seconds),
                seconds);
    }

    /** FFmpeg's test pattern, with its moving gradient and counter: motion, and one shot. */
    public TestVideo pattern(double seconds) {
        return segment(String.format(Locale.ROOT, "testsrc=s=%dx%d:r=%d:d=%s", width, height, fps, seconds), seconds);
    }

    /** A sound track (any file ffmpeg reads), encoded as AAC (MP4) or Opus (WebM, MKV). */
    public TestVideo audio(Path recording) {
        this.audio = recording;
        return this;
    }

    /** The true cuts, in seconds: where each segment after the first begins. */
    public List<Double> cuts() {
        return List.copyOf(cuts);
    }

    public double seconds() {
        return length;
    }

    private TestVideo segment(String source, double seconds) {
        if (!segments.isEmpty()) {
            cuts.add(length);
        }
        segments.add(source);
        length += seconds;
        return this;
    }

    /** Encodes the clip into {@code name}: .mp4 (H.264), .webm (VP9), .mkv (H.264) unless {@code codec} says. */
    public Path write(String name, String... codec) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        for (String segment : segments) {
            command.addAll(List.of("-f", "lavfi", "-i", segment));
        }
        if (audio != null) {
            command.addAll(List.of("-i", audio.toString()));
        }
        StringBuilder concat = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            concat.append('[').append(i).append(":v]");
        }
        concat.append("concat=n=").append(segments.size()).append(":v=1:a=0,format=yuv420p[v]");
        command.addAll(List.of("-filter_complex", concat.toString(), "-map", "[v]"));
        if (audio != null) {
            command.addAll(List.of("-map", segments.size() + ":a"));
        }
        if (codec.length > 0) {
            command.addAll(List.of(codec));
        } else if (name.endsWith(".webm")) {
            command.addAll(List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"));
        } else {
            command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast"));
        }
        if (audio != null) {
            command.addAll(List.of("-c:a", name.endsWith(".mp4") || name.endsWith(".mov") ? "aac" : "libopus"));
        }
        Path out = work().resolve(name);
        command.add(out.toString());
        run(command);
        return out;
    }

    public byte[] bytes(String name, String... codec) throws IOException {
        return Files.readAllBytes(write(name, codec));
    }

    static synchronized Path work() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("mmf-video-test");
            work.toFile().deleteOnExit();
        }
        return work;
    }

    /** Runs a tool (ffmpeg, flite) and waits for it. */
    public static void run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is missing: apt-get install " + command.get(0), e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command);
        }
    }
}
