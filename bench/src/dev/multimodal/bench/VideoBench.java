package dev.multimodal.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.audio.AudioLimits;
import dev.multimodal.audio.DecodedAudio;
import dev.multimodal.audio.SpeechSegment;
import dev.multimodal.audio.Sphinx4Recognizer;
import dev.multimodal.audio.VadSettings;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrLine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.registry.EncoderFactory;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.video.DecodedVideo;
import dev.multimodal.video.Shot;
import dev.multimodal.video.ShotSettings;
import dev.multimodal.video.VideoDecoder;
import dev.multimodal.video.VideoLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * read-video's path in process, as the service builds it: VideoDecoder (FFmpeg, streaming, shots and
 * keyframes with the default mmf.video.* settings), PP-OCRv4 on each keyframe in turn, and the sound
 * through FFmpeg → Silero VAD → Sphinx4 (segments on two threads, as transcribe) at the same time. Per clip: wall time, the shots with their
 * text, the transcript, as JSON for bench/video/score.py; at the end the process's peak RSS (VmHWM),
 * models included.
 * Usage: VideoBench OUT.json CLIP...
 */
public final class VideoBench {

    private static final ExecutorService SPEECH = Executors.newFixedThreadPool(2);

    public static void main(String[] args) throws Exception {
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        ModelRepository repository = ModelRepository.load(
                Path.of("models"),
                Set.of("pp-ocrv4", "silero-vad-v5", "sphinx4-en-us"),
                true,
                host,
                SessionSettings.cpuDefaults());
        EncoderFactory factory =
                new EncoderFactory(host.environment(), BatcherSettings.countOnly(), new SimpleMeterRegistry(), true);
        OcrEngine ocr = factory.build(repository.get("pp-ocrv4").orElseThrow()).ocr();
        VoiceActivityDetector vad =
                new VoiceActivityDetector(repository.get("silero-vad-v5").orElseThrow(), host.environment());
        Sphinx4Recognizer asr = new Sphinx4Recognizer(
                repository.get("sphinx4-en-us").orElseThrow().manifest());
        asr.preload();
        VideoDecoder decoder = new VideoDecoder(VideoLimits.defaults(), ShotSettings.defaults());
        AudioDecoder audio = new AudioDecoder(AudioLimits.defaults());
        List<Map<String, Object>> results = new ArrayList<>();
        // one warm-up pass over the first clip: the JIT and ONNX Runtime's first runs are not the clip's cost
        read(Files.readAllBytes(Path.of(args[1])), decoder, ocr, audio, vad, asr);
        for (int i = 1; i < args.length; i++) {
            byte[] bytes = Files.readAllBytes(Path.of(args[i]));
            long start = System.nanoTime();
            Map<String, Object> result = read(bytes, decoder, ocr, audio, vad, asr);
            double wall = (System.nanoTime() - start) / 1e9;
            result.put("clip", Path.of(args[i]).getFileName().toString());
            result.put("wall", wall);
            results.add(result);
            System.out.printf(
                    "service %s: %.2f s wall, %d shots%n",
                    result.get("clip"), wall, ((List<?>) result.get("shots")).size());
        }
        long peak = peakRssKb();
        System.out.printf("service peak RSS %.0f MB (VmHWM, models loaded)%n", peak / 1024.0);
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(Path.of(args[0]).toFile(), Map.of("clips", results, "peakRssKb", peak));
        System.exit(0);
    }

    private static Map<String, Object> read(
            byte[] bytes,
            VideoDecoder decoder,
            OcrEngine ocr,
            AudioDecoder audio,
            VoiceActivityDetector vad,
            Sphinx4Recognizer asr)
            throws Exception {
        DecodedVideo video = decoder.decode(bytes, "video");
        CompletableFuture<String> said = video.hasAudio()
                ? CompletableFuture.supplyAsync(() -> transcribe(bytes, audio, vad, asr))
                : CompletableFuture.completedFuture("");
        List<Map<String, Object>> shots = new ArrayList<>();
        for (Shot shot : video.shots()) {
            OcrResult read = ocr.read(shot.keyframe()).get();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("start", shot.start());
            entry.put("end", shot.end());
            entry.put("cut", shot.cut());
            entry.put("text", read.text());
            entry.put("lines", read.lines().stream().map(OcrLine::text).toList());
            shots.add(entry);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("duration", video.duration());
        result.put("shots", shots);
        result.put("transcript", said.get());
        return result;
    }

    private static String transcribe(
            byte[] bytes, AudioDecoder audio, VoiceActivityDetector vad, Sphinx4Recognizer asr) {
        try {
            DecodedAudio decoded = audio.decode(bytes, "video");
            // segments on two speech threads at once, as transcribe runs them (mmf.audio.parallel-segments=2)
            List<CompletableFuture<String>> texts = new ArrayList<>();
            for (SpeechSegment s : vad.segments(decoded.samples(), VadSettings.defaults())) {
                float[] samples = Arrays.copyOfRange(decoded.samples(), s.start(), s.end());
                texts.add(CompletableFuture.supplyAsync(
                        () -> asr.transcribe(samples).text(), SPEECH));
            }
            StringBuilder text = new StringBuilder();
            for (CompletableFuture<String> t : texts) {
                String said = t.get();
                if (!said.isEmpty()) {
                    text.append(text.isEmpty() ? "" : " ").append(said);
                }
            }
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
