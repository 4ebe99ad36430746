package dev.multimodal.service;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a function whose refusals a binding without HTTP statuses answers as the invocation's
 * result. On AWS Lambda (the {@code lambda} Maven profile) an interceptor in {@code src/lambda/java}
 * turns bad input into the result {@code {"status", "error", "field"}} instead of a function error
 * that Lambda would retry. Over HTTP and CloudEvents nothing is bound to it: {@code http} maps the
 * same exceptions to statuses.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RefusalsAsResults {}
