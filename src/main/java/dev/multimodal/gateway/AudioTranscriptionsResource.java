package dev.multimodal.gateway;

import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.service.Transcribe;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /v1/audio/transcriptions}, OpenAI's transcription API over the transcribe use case:
 * multipart {@code file}, {@code model}, {@code language}, {@code prompt}, {@code response_format}
 * ({@code json}, {@code text}, {@code srt}, {@code vtt}, {@code verbose_json}) and
 * {@code timestamp_granularities[]} ({@code segment}, {@code word}). Failures in OpenAI's error shape.
 * <p>
 * {@code model}: a loaded speech model's id picks it; anything else (clients send {@code whisper-1})
 * gets the configured one, which {@code verbose_json} does not name, as OpenAI's does not.
 * {@code prompt} and {@code temperature} are accepted and not used: Sphinx4 cannot be biased.
 */
@Path("/v1/audio/transcriptions")
public class AudioTranscriptionsResource {

    private static final String PATH = "/v1/audio/transcriptions";
    private static final List<String> FORMATS = List.of("json", "text", "srt", "vtt", "verbose_json");

    @Inject
    Transcribe transcribe;

    @Inject
    ModelService models;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> create(
            @RestForm("file") FileUpload file,
            @RestForm String model,
            @RestForm String language,
            @RestForm String prompt,
            @RestForm("response_format") String responseFormat,
            @RestForm("timestamp_granularities[]") List<String> granularities) {
        try {
            if (file == null) {
                throw InputException.badRequest("file", "the form needs a file part named file");
            }
            String format = responseFormat == null || responseFormat.isBlank()
                    ? "json"
                    : responseFormat.toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(format)) {
                throw InputException.badRequest("response_format", "response_format must be one of " + FORMATS);
            }
            List<String> asked = granularities == null ? List.of() : granularities;
            for (String granularity : asked) {
                if (!granularity.equals("word") && !granularity.equals("segment")) {
                    throw InputException.badRequest(
                            "timestamp_granularities[]", "timestamp_granularities[] takes word and segment");
                }
            }
            boolean loaded = model != null && models.repository().get(model).isPresent();
            return Uni.createFrom()
                    .completionStage(() ->
                            transcribe.transcribe(() -> read(file), "file", loaded ? model : null, language, null))
                    .map(result -> answer(result, format, asked.contains("word")))
                    .onFailure()
                    .recoverWithItem(e -> OpenAiErrorBody.of(e, PATH));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(OpenAiErrorBody.of(e, PATH));
        }
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response answer(TranscribeResponse r, String format, boolean words) {
        return switch (format) {
            case "text" ->
                Response.ok(r.text() + "\n", MediaType.TEXT_PLAIN + ";charset=utf-8")
                        .build();
            case "srt" ->
                Response.ok(Subtitles.srt(r.segments()), MediaType.TEXT_PLAIN + ";charset=utf-8")
                        .build();
            case "vtt" ->
                Response.ok(Subtitles.vtt(r.segments()), "text/vtt;charset=utf-8")
                        .build();
            case "verbose_json" ->
                Response.ok(verbose(r, words), MediaType.APPLICATION_JSON).build();
            default ->
                Response.ok(Map.of("text", r.text()), MediaType.APPLICATION_JSON)
                        .build();
        };
    }

    /** OpenAI's verbose_json: what the transcript has; nothing the engine does not measure is made up. */
    private static Map<String, Object> verbose(TranscribeResponse r, boolean words) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "transcribe");
        body.put("language", "english");
        body.put("duration", r.duration());
        body.put("text", r.text());
        body.put(
                "segments",
                r.segments().stream()
                        .filter(s -> !s.text().isEmpty())
                        .map(s -> {
                            Map<String, Object> segment = new LinkedHashMap<>();
                            segment.put("id", s.id());
                            segment.put("start", s.start());
                            segment.put("end", s.end());
                            segment.put("text", s.text());
                            segment.put("confidence", s.confidence());
                            return segment;
                        })
                        .toList());
        if (words) {
            body.put(
                    "words",
                    r.words().stream()
                            .map(w -> Map.of("word", w.word(), "start", w.start(), "end", w.end()))
                            .toList());
        }
        return body;
    }
}
