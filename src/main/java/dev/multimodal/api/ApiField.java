package dev.multimodal.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the published API contract (/q/openapi) says about a record or one of its components.
 * Limits and defaults name the {@code mmf.*} setting the service enforces, so the document shows
 * the values this deployment really runs with rather than a copy that can drift.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface ApiField {

    /** The description. */
    String value();

    /** The request is refused without it. */
    boolean required() default false;

    /** The setting that bounds a list's size. */
    String maxItems() default "";

    /** The setting that bounds a string's length, or each string's in a list of strings. */
    String maxLength() default "";

    /** The setting whose value is used when the field is absent. */
    String defaultFrom() default "";

    /** A fixed default, as JSON ({@code true}, {@code 1}), when no setting supplies one. */
    String defaultValue() default "";

    /** The enum whose values (its {@code label()}, else its lower-case name) the field accepts. */
    Class<? extends Enum<?>> oneOf() default None.class;

    /** Placeholder for "no enum". */
    enum None {}
}
