package dev.multimodal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one look-up of an enum's constant by its {@link Labelled#label()}. Each enum keeps its own
 * refusal (a request's 400 names the field, a manifest's error the section), so a miss gives null
 * or the exception the caller makes.
 */
public final class Labels {

    private Labels() {}

    /** The constant labelled exactly {@code label}; null when none is, or when {@code label} is null. */
    public static <E extends Enum<E> & Labelled> E find(Class<E> type, String label) {
        if (label != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.label().equals(label)) {
                    return constant;
                }
            }
        }
        return null;
    }

    /** As {@link #find}, but {@code Weighted-Average} finds {@code weighted-average}. */
    public static <E extends Enum<E> & Labelled> E findIgnoringCase(Class<E> type, String label) {
        if (label != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.label().equalsIgnoreCase(label)) {
                    return constant;
                }
            }
        }
        return null;
    }

    /** The constant labelled exactly {@code label}, or else the exception {@code unknown} makes of it. */
    public static <E extends Enum<E> & Labelled> E parse(
            Class<E> type, String label, Function<String, ? extends RuntimeException> unknown) {
        E found = find(type, label);
        if (found == null) {
            throw unknown.apply(label);
        }
        return found;
    }

    /** Every label of {@code type}, in declaration order: for a refusal that lists the choices. */
    public static <E extends Enum<E> & Labelled> List<String> labels(Class<E> type) {
        List<String> labels = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            labels.add(constant.label());
        }
        return List.copyOf(labels);
    }
}
