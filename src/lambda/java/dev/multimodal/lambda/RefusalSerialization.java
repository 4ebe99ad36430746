package dev.multimodal.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Funqy's Lambda binding writes a function's result with a writer typed for the function's
 * response record, which would fail on a {@link Refusal}. Here every response record's serializer
 * writes a Refusal as itself and anything else as before. Funqy's Lambda object mapper is a copy
 * of this application's, customisers included.
 */
@Singleton
public class RefusalSerialization implements ObjectMapperCustomizer {

    private static final String RESPONSES = "dev.multimodal.api.";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("refusals").setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(
                    SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
                return bean.getBeanClass().getName().startsWith(RESPONSES)
                        ? new OrRefusal((JsonSerializer<Object>) serializer)
                        : serializer;
            }
        }));
    }

    private static final class OrRefusal extends JsonSerializer<Object>
            implements ResolvableSerializer, ContextualSerializer {

        private final JsonSerializer<Object> response;

        OrRefusal(JsonSerializer<Object> response) {
            this.response = response;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value instanceof Refusal refusal) {
                provider.findValueSerializer(Refusal.class).serialize(refusal, gen, provider);
            } else {
                response.serialize(value, gen, provider);
            }
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (response instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            if (response instanceof ContextualSerializer contextual) {
                JsonSerializer<?> resolved = contextual.createContextual(provider, property);
                return resolved == response ? this : new OrRefusal((JsonSerializer<Object>) resolved);
            }
            return this;
        }

        @Override
        public Class<Object> handledType() {
            return response.handledType();
        }
    }
}
