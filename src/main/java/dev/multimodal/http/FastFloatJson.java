package dev.multimodal.http;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Vectors are written with Jackson's Schubfach float writer instead of {@link Float#toString}: a
 * 384-float vector is most of an encode-text or {@code /v1/embeddings} answer, and on JDK 17
 * {@code Float.toString} is the slow part of writing it (it is Schubfach itself from JDK 19 on).
 * Each value is the shortest decimal that reads back as the same float, so clients parse the same
 * vectors (FastFloatJsonTest checks the round trip).
 */
@Singleton
public class FastFloatJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}
