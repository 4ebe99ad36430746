package dev.multimodal.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The CloudEvent types of each function, as {@code application.properties} maps them
 * ({@code quarkus.funqy.knative-events.mapping.<function>.trigger}, {@code response-type},
 * {@code response-source}): read once by matching the configured keys, so no code builds a key.
 */
public final class EventTypes {

    /** One function's mapping; a part that is not configured is null. */
    public record Mapping(String trigger, String responseType, String responseSource) {}

    private static final Pattern KEY = Pattern.compile(
            "quarkus\\.funqy\\.knative-events\\.mapping\\.([^.]+)\\.(trigger|response-type|response-source)");

    private final Map<String, Mapping> byFunction;

    private EventTypes(Map<String, Mapping> byFunction) {
        this.byFunction = Map.copyOf(byFunction);
    }

    public static EventTypes from(Config config) {
        Map<String, String[]> parts = new LinkedHashMap<>();
        for (String name : config.getPropertyNames()) {
            Matcher m = KEY.matcher(name);
            if (m.matches()) {
                String[] p = parts.computeIfAbsent(m.group(1), f -> new String[3]);
                int slot = switch (m.group(2)) {
                    case "trigger" -> 0;
                    case "response-type" -> 1;
                    default -> 2;
                };
                p[slot] = config.getOptionalValue(name, String.class).orElse(null);
            }
        }
        Map<String, Mapping> mappings = new LinkedHashMap<>();
        parts.forEach((function, p) -> mappings.put(function, new Mapping(p[0], p[1], p[2])));
        return new EventTypes(mappings);
    }

    public Optional<Mapping> of(String function) {
        return Optional.ofNullable(byFunction.get(function));
    }

    /** The type {@code function} consumes; a function without one is a configuration error. */
    public String trigger(String function) {
        return of(function)
                .map(Mapping::trigger)
                .orElseThrow(() -> new IllegalStateException(
                        "no CloudEvent trigger is mapped for " + function + " in application.properties"));
    }

    /**
     * Every type {@code function} may answer with: for the chain's entry and steps, the types of the
     * steps that can come next (which one is chosen per envelope at run time), else the final type;
     * for any other function, its mapped response type.
     */
    public List<String> answers(String function) {
        List<ChainStep> next = ChainStep.candidatesAfter(function);
        if (!next.isEmpty()) {
            return next.stream().map(step -> trigger(step.function())).toList();
        }
        return of(function).map(Mapping::responseType).map(List::of).orElse(List.of());
    }

    /** The type {@code function} answers with; a function without one is a configuration error. */
    public String responseType(String function) {
        return of(function)
                .map(Mapping::responseType)
                .orElseThrow(() -> new IllegalStateException(
                        "no CloudEvent response type is mapped for " + function + " in application.properties"));
    }
}
