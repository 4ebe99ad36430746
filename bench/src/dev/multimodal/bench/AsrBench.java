package dev.multimodal.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.audio.AudioLimits;
import dev.multimodal.audio.DecodedAudio;
import dev.multimodal.audio.SpeechSegment;
import dev.multimodal.audio.Sphinx4Recognizer;
import dev.multimodal.audio.VadSettings;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The service's speech path in process (FFmpeg decode, Silero VAD, Sphinx4 per segment, segments on
 * two speech threads as mmf.audio.parallel-segments=2), over a list of WAV files with their
 * transcripts: WER and audio seconds per wall second at 1 and 4 clients.
 * Usage: AsrBench LIST (lines "path<TAB>transcript"); -Dasr.one-client=true stops after the WER and
 * one-client pass (for trying beams).
 */
public final class AsrBench {

    public static void main(String[] args) throws Exception {
        List<String[]> clips = Files.readAllLines(Path.of(args[0])).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", 2))
                .toList();
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        ModelRepository repository = ModelRepository.load(
                Path.of("models"),
                java.util.Set.of("silero-vad-v5", "sphinx4-en-us"),
                true,
                host,
                SessionSettings.cpuDefaults());
        VoiceActivityDetector vad =
                new VoiceActivityDetector(repository.get("silero-vad-v5").orElseThrow(), host.environment());
        Sphinx4Recognizer asr = new Sphinx4Recognizer(
                repository.get("sphinx4-en-us").orElseThrow().manifest());
        asr.preload();
        AudioDecoder decoder = new AudioDecoder(AudioLimits.defaults());
        ExecutorService speech = Executors.newFixedThreadPool(2);
        List<byte[]> files = new ArrayList<>();
        double seconds = 0;
        for (String[] clip : clips) {
            byte[] bytes = Files.readAllBytes(Path.of(clip[0]));
            files.add(bytes);
            seconds += decoder.decode(bytes, "audio").seconds();
        }
        // a running service has served requests before: one pass over the clips first, so that the
        // timed passes measure the decoder compiled, not Java's JIT warming up (pocketsphinx is C)
        for (byte[] f : files) {
            transcribe(f, decoder, vad, asr, speech);
        }
        // 1 client: also the WER pass
        double edits = 0;
        int words = 0;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < clips.size(); i++) {
            String text = transcribe(files.get(i), decoder, vad, asr, speech);
            String[] ref = words(clips.get(i)[1]);
            edits += distance(ref, words(text));
            words += ref.length;
            System.out.println("service\t" + Path.of(clips.get(i)[0]).getFileName() + "\t" + text);
        }
        double one = seconds / ((System.nanoTime() - start) / 1e9);
        System.out.printf("service WER %.3f (%d reference words)%n", edits / words, words);
        System.out.printf(
                "service 1 client: %.2f audio s per wall s (%.1f s of audio), %.2f CPU s per audio s%n",
                one, seconds, (os.getProcessCpuTime() - cpuStart) / 1e9 / seconds);
        if (Boolean.getBoolean("asr.one-client")) {
            System.exit(0);
        }
        ExecutorService clients = Executors.newFixedThreadPool(4);
        start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                for (byte[] f : files) {
                    transcribe(f, decoder, vad, asr, speech);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double four = 4 * seconds / ((System.nanoTime() - start) / 1e9);
        System.out.printf("service 4 clients: %.2f audio s per wall s%n", four);
        clients.shutdown();
        speech.shutdown();
        System.exit(0);
    }

    private static String transcribe(
            byte[] bytes,
            AudioDecoder decoder,
            VoiceActivityDetector vad,
            Sphinx4Recognizer asr,
            ExecutorService speech)
            throws Exception {
        DecodedAudio audio = decoder.decode(bytes, "audio");
        List<Future<String>> texts = new ArrayList<>();
        for (SpeechSegment s : vad.segments(audio.samples(), VadSettings.defaults())) {
            float[] samples = Arrays.copyOfRange(audio.samples(), s.start(), s.end());
            texts.add(speech.submit(() -> asr.transcribe(samples).text()));
        }
        StringBuilder out = new StringBuilder();
        for (Future<String> t : texts) {
            String text = t.get();
            if (!text.isEmpty()) {
                out.append(out.isEmpty() ? "" : " ").append(text);
            }
        }
        return out.toString();
    }

    static String[] words(String text) {
        String clean = text.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z' ]", " ")
                .trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }

    static int distance(String[] r, String[] h) {
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                d[i][j] = Math.min(
                        d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1), Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d[r.length][h.length];
    }
}
