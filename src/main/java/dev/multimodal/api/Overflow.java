package dev.multimodal.api;

import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import java.util.Locale;

/** What happens to a text longer than the model's token limit. */
public enum Overflow implements Labelled {
    /** Keep the first tokens up to the limit and report {@code truncated: true}. */
    TRUNCATE,
    /** Embed every window of the text and return their token-weighted average. */
    AVERAGE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Overflow parse(String value, String field) {
        Overflow found = Labels.findIgnoringCase(Overflow.class, value.trim());
        if (found == null) {
            throw InputException.badRequest(
                    field, field + " must be 'truncate' or 'average', not " + Echo.quoted(value));
        }
        return found;
    }
}
