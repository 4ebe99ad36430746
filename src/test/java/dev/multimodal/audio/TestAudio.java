package dev.multimodal.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speech for the audio tests: Debian's pocketsphinx-testdata (LibriVox recordings, public domain,
 * with transcripts), flite's synthetic voice, and Debian's ffmpeg to put either into every container
 * users send. Made at test time into a temporary folder; nothing here is committed but the 26 KB
 * of silence FFmpeg cannot be asked to make quickly.
 */
public final class TestAudio {

    public static final Path TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");
    public static final Path LIBRIVOX = TESTDATA.resolve("librivox");

    private static Path work;

    private TestAudio() {}

    /** A LibriVox clip (16 kHz mono WAV) by its number, e.g. "0870". */
    public static Path librivox(String number) {
        Path clip = LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-" + number + ".wav");
        if (!Files.isRegularFile(clip)) {
            throw new IllegalStateException(clip + " is missing: apt-get install pocketsphinx-testdata");
        }
        return clip;
    }

    /** The transcript of a LibriVox clip, lower case, as the test data's transcription file gives it. */
    public static String transcript(String number) throws IOException {
        for (String line : Files.readAllLines(LIBRIVOX.resolve("transcription"))) {
            if (line.contains("-" + number + ")")) {
                return line.substring(0, line.lastIndexOf('('))
                        .replace("<s>", "")
                        .replace("</s>", "")
                        .trim()
                        .toLowerCase(java.util.Locale.ROOT);
            }
        }
        throw new IllegalStateException("no transcript for " + number);
    }

    /** {@code source} through Debian's ffmpeg into {@code name} (the extension picks the container). */
    public static byte[] ffmpeg(Path source, String name, String... options) throws IOException {
        List<String> command =
                new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source.toString()));
        command.addAll(List.of(options));
        Path out = work().resolve(name);
        command.add(out.toString());
        run(command);
        return Files.readAllBytes(out);
    }

    /** {@code text} spoken by flite's slt voice, as a WAV file (16 kHz, mono). */
    public static Path flite(String name, String text) throws IOException {
        Path raw = work().resolve(name + "-flite.wav");
        run(List.of("flite", "-voice", "slt", "-t", text, "-o", raw.toString()));
        Path out = work().resolve(name + ".wav");
        run(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-i",
                raw.toString(),
                "-ar",
                "16000",
                "-ac",
                "1",
                out.toString()));
        return out;
    }

    /**
     * Ten minutes and a second of silence as Ogg/Opus (about 230 KB): over mmf.audio.max-seconds by
     * its header alone, a tiny file that would decode to more than a recording may hold.
     */
    public static Path longSilence(String name) throws IOException {
        return lowRateOpus(name, "anullsrc=r=8000:cl=mono", 601);
    }

    /** {@code seconds} of FFmpeg's lavfi {@code source} as mono Ogg/Opus at 6 kb/s: long, and small. */
    public static Path lowRateOpus(String name, String source, int seconds) throws IOException {
        Path out = work().resolve(name + ".ogg");
        run(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                source,
                "-t",
                Integer.toString(seconds),
                "-ac",
                "1",
                "-c:a",
                "libopus",
                "-b:a",
                "6k",
                out.toString()));
        return out;
    }

    /**
     * {@code texts} spoken by flite one after the other, each after {@code pause} seconds of silence
     * (so the voice activity model hears them as separate segments), as one 16 kHz mono WAV.
     */
    public static Path sentences(String name, double pause, String... texts) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        StringBuilder concat = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            command.addAll(List.of("-f", "lavfi", "-t", Double.toString(pause), "-i", "anullsrc=r=16000:cl=mono"));
            command.addAll(List.of("-i", flite(name + "-" + i, texts[i]).toString()));
            concat.append('[').append(2 * i).append(":a][").append(2 * i + 1).append(":a]");
        }
        concat.append("concat=n=").append(2 * texts.length).append(":v=0:a=1[a]");
        Path out = work().resolve(name + ".wav");
        command.addAll(List.of("-filter_complex", concat.toString(), "-map", "[a]", "-ar", "16000", "-ac", "1"));
        command.add(out.toString());
        run(command);
        return out;
    }

    /** A committed resource of src/test/resources/audio. */
    public static byte[] resource(String name) throws IOException {
        try (var in = TestAudio.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource audio/" + name);
            }
            return in.readAllBytes();
        }
    }

    static synchronized Path work() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("mmf-audio-test");
            work.toFile().deleteOnExit();
        }
        return work;
    }

    private static void run(List<String> command) throws IOException {
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
