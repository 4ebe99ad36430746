package dev.multimodal.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.http.StrictJson;
import dev.multimodal.refusal.InputException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.List;

/**
 * Any body bound to any request record with the mapper as the service configures it (Quarkus's
 * defaults and {@link StrictJson}): a record, or a {@link JsonProcessingException} or
 * {@link InputException} — the types the error mapper turns into a 4xx — never an NPE or another
 * exception, which would be a 500. The last byte picks the record (Jazzer's data provider takes
 * numbers from the end), the rest is the body.
 */
class RequestBindingFuzzTest {

    static final List<Class<?>> REQUESTS = List.of(
            EncodeTextRequest.class,
            EncodeImageRequest.class,
            ReadTextRequest.class,
            FuseRequest.class,
            ScoreCaptionsRequest.class,
            ScoreSummariesRequest.class,
            PredictRequest.class,
            Analysis.class);

    private static final ObjectMapper MAPPER = serviceMapper();

    /** Quarkus turns FAIL_ON_UNKNOWN_PROPERTIES off by default; StrictJson adds its refusals. */
    static ObjectMapper serviceMapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }

    @FuzzTest(maxDuration = "60s")
    void bind(FuzzedDataProvider data) throws IOException {
        Class<?> type = REQUESTS.get(data.consumeInt(0, REQUESTS.size() - 1));
        byte[] body = data.consumeRemainingAsBytes();
        try {
            MAPPER.readValue(body, type);
        } catch (JsonProcessingException | InputException expected) {
            // a 4xx
        } catch (CharConversionException expected) {
            // bytes Jackson's encoding detection takes for UTF-32 that are not (found by this test:
            // crash-45f3…); an IOException, not a JsonProcessingException, which the error mapper
            // must also answer with 400
        }
    }
}
