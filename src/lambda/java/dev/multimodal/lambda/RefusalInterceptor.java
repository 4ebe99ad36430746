package dev.multimodal.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.service.RefusalsAsResults;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * On Lambda a function's bad-input refusal ({@link InputException}, 4xx) is its result, a
 * {@link Refusal}: retrying the same event cannot succeed, and a function error would make Lambda
 * retry asynchronous events twice and queue messages until their receive count runs out. Overload
 * ({@link OverloadedException}, 503) stays an error, {@link Overloaded}, since a later try can
 * succeed. Anything else is left as it is: a function error, retried by Lambda.
 */
@RefusalsAsResults
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class RefusalInterceptor {

    private static final Logger LOG = Logger.getLogger(RefusalInterceptor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @AroundInvoke
    Object answer(InvocationContext call) throws Exception {
        Object result;
        try {
            result = call.proceed();
        } catch (InputException | OverloadedException e) {
            return recovered(e);
        }
        if (result instanceof Uni<?> uni) {
            @SuppressWarnings("unchecked")
            Uni<Object> answer = (Uni<Object>) uni;
            return answer.onFailure().recoverWithUni(RefusalInterceptor::recovered);
        }
        return result;
    }

    private static Uni<Object> recovered(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InputException e) {
            LOG.infof("refused: %s %s (%s)", FailureStatuses.status(e), e.field(), e.getMessage());
            return Uni.createFrom().item(Refusal.of(e));
        }
        if (cause instanceof OverloadedException e) {
            return Uni.createFrom().failure(new Overloaded(json(Refusal.of(e)), e));
        }
        return Uni.createFrom().failure(failure);
    }

    static String json(Refusal refusal) {
        try {
            return JSON.writeValueAsString(refusal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
