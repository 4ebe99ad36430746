package dev.multimodal.http.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.ApiField;
import dev.multimodal.service.EventTypes;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Adds every exported Funqy function to the OpenAPI document as {@code POST /{function}}: request
 * and response schemas from its records, the committed {@code functions/<name>/request.json} as
 * the example (packaged as {@code openapi-examples/<name>/request.json}), the {@code {error, field}}
 * answers, and the CloudEvent types the function consumes and produces, from the same
 * {@code quarkus.funqy.knative-events.mapping} settings that route the events. Runs when the
 * document is asked for ({@code /q/openapi}, the UI), not at start-up: built there, with JSON and YAML
 * written out, it cost every cold start 25-50 ms (JDK 17, two cores), for a document that a
 * function's pod is seldom asked for. The first request of it takes about 250 ms; later ones 30-60.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class FunctionsOpenApi implements OASFilter {

    static final String TAG = "functions";
    static final String ERROR_SCHEMA = "ErrorResponse";
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The error statuses every function answers with, and when. */
    private static final Map<String, String> ERRORS = errors();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (FunctionRecorder.registry == null) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        RecordSchemas schemas = new RecordSchemas(config);
        if (openAPI.getPaths() == null) {
            openAPI.paths(OASFactory.createPaths());
        }
        Optional<String> export = config.getOptionalValue("quarkus.funqy.export", String.class);
        List<FunctionInvoker> invokers = FunctionRecorder.registry.invokers().stream()
                .filter(i -> export.isEmpty() || export.get().equals(i.getName()))
                .sorted(Comparator.comparing(FunctionInvoker::getName))
                .toList();
        for (FunctionInvoker invoker : invokers) {
            openAPI.getPaths()
                    .addPathItem(
                            "/" + invoker.getName(),
                            OASFactory.createPathItem().POST(operation(invoker, schemas, config)));
        }
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        schemas.components().forEach(openAPI.getComponents()::addSchema);
        openAPI.getComponents().addSchema(ERROR_SCHEMA, errorSchema());
        Tag tag = OASFactory.createTag()
                .name(TAG)
                .description("The Funqy functions: each one answers plain JSON "
                        + "over HTTP at POST /{function}, and CloudEvents (binary or structured) of its trigger type.");
        if (openAPI.getTags() == null || openAPI.getTags().stream().noneMatch(t -> TAG.equals(t.getName()))) {
            openAPI.addTag(tag);
        }
    }

    private Operation operation(FunctionInvoker invoker, RecordSchemas schemas, Config config) {
        String name = invoker.getName();
        Map<String, String> events = cloudEvents(name, config);
        Operation op = OASFactory.createOperation()
                .operationId(name)
                .addTag(TAG)
                .summary(summary(invoker, events))
                .description(description(name, events));
        if (!events.isEmpty()) {
            op.addExtension("x-cloudevents", events);
        }
        if (invoker.hasInput()) {
            Type input = payload(invoker.getInputType());
            MediaType media = OASFactory.createMediaType().schema(schemas.of(input));
            example(name).ifPresent(media::example);
            op.requestBody(OASFactory.createRequestBody()
                    .required(true)
                    .content(OASFactory.createContent().addMediaType(JSON_TYPE, media)));
        }
        APIResponses responses = OASFactory.createAPIResponses();
        APIResponse ok = OASFactory.createAPIResponse().description("the result");
        if (invoker.hasOutput()) {
            ok.content(content(schemas.of(payload(invoker.getOutputType()))));
        }
        responses.addAPIResponse("200", ok);
        ERRORS.forEach((status, when) -> {
            APIResponse error = OASFactory.createAPIResponse()
                    .description(when)
                    .content(content(OASFactory.createSchema().ref("#/components/schemas/" + ERROR_SCHEMA)));
            if (status.equals("503")) {
                error.addHeader(
                        "Retry-After",
                        OASFactory.createHeader()
                                .description("seconds to wait before retrying")
                                .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
            }
            responses.addAPIResponse(status, error);
        });
        return op.responses(responses);
    }

    /**
     * A step that takes a whole CloudEvent is named by the event types it turns one into the other;
     * any other function by its request record's description.
     */
    private static String summary(FunctionInvoker invoker, Map<String, String> events) {
        if (invoker.hasInput()
                && invoker.getInputType() instanceof ParameterizedType p
                && isCloudEvent(p.getRawType())
                && events.containsKey("trigger")) {
            return "A chain step: " + events.get("trigger") + " → " + events.getOrDefault("responseType", "a reply");
        }
        if (invoker.hasInput() && payload(invoker.getInputType()) instanceof Class<?> c) {
            ApiField about = c.getAnnotation(ApiField.class);
            if (about != null) {
                return about.value();
            }
        }
        return invoker.getName();
    }

    private static String description(String name, Map<String, String> events) {
        StringBuilder text = new StringBuilder("POST a JSON body to /")
                .append(name)
                .append(", or send it as the data " + "of a CloudEvent");
        if (events.containsKey("trigger")) {
            text.append(" of type `").append(events.get("trigger")).append('`');
        }
        text.append('.');
        if (events.containsKey("responseType")) {
            text.append(" The reply event has type `")
                    .append(events.get("responseType").replace(" | ", "` or `"))
                    .append('`');
            if (events.containsKey("responseSource")) {
                text.append(" and source `")
                        .append(events.get("responseSource"))
                        .append('`');
            }
            text.append('.');
        }
        return text.toString();
    }

    /** The CloudEvent types of the function, from the mapping that routes them. */
    static Map<String, String> cloudEvents(String function, Config config) {
        Map<String, String> events = new LinkedHashMap<>();
        EventTypes types = EventTypes.from(config);
        types.of(function).ifPresent(m -> {
            if (m.trigger() != null) {
                events.put("trigger", m.trigger());
            }
            // a chain step answers with the type of whichever step has work next: every one it may name
            List<String> answers = types.answers(function);
            if (!answers.isEmpty()) {
                events.put("responseType", String.join(" | ", answers));
            }
            if (m.responseSource() != null) {
                events.put("responseSource", m.responseSource());
            }
        });
        return events;
    }

    /**
     * Knative's {@code CloudEvent<T>}, by name: the Lambda build has no Knative binding, and this
     * class compiles in both.
     */
    private static boolean isCloudEvent(Type raw) {
        return raw.getTypeName().equals("io.quarkus.funqy.knative.events.CloudEvent");
    }

    /** The record a function reads or writes, seen through {@code Uni<…>} and {@code CloudEvent<…>}. */
    static Type payload(Type type) {
        if (type instanceof ParameterizedType p && (p.getRawType() == Uni.class || isCloudEvent(p.getRawType()))) {
            return payload(p.getActualTypeArguments()[0]);
        }
        return type;
    }

    private static Optional<Object> example(String function) {
        try (InputStream in = Thread.currentThread()
                .getContextClassLoader()
                .getResourceAsStream("openapi-examples/" + function + "/request.json")) {
            return in == null ? Optional.empty() : Optional.of(JSON.readValue(in, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("functions/" + function + "/request.json is not JSON", e);
        }
    }

    private static Content content(Schema schema) {
        return OASFactory.createContent()
                .addMediaType(JSON_TYPE, OASFactory.createMediaType().schema(schema));
    }

    private static Schema errorSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("Every refused request: what was wrong, and which field (null when no one field is)")
                .addProperty(
                        "error",
                        OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .description("what was wrong, naming the limit where one was passed"))
                .addProperty(
                        "field",
                        OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .addType(SchemaType.NULL)
                                .description("the field at fault, as a path such as texts[3] or parts[0].space"))
                .required(List.of("error"));
    }

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "the body is not valid JSON, a field has the wrong type, or a required field is missing");
        errors.put("413", "a list, text, image or the body is past its limit");
        errors.put("415", "the Content-Type is neither application/json nor a CloudEvent");
        errors.put("422", "the input is well-formed but cannot be processed (an unknown model, mixed spaces, ...)");
        errors.put("503", "the model's queue is full, or the service is shutting down; retry after Retry-After");
        return errors;
    }
}
