package dev.multimodal.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;

/**
 * A refusal as a Lambda result: the JSON the HTTP binding answers ({@code error}, {@code field}),
 * plus the {@code status} HTTP would have sent, since Lambda results have none, and for overload
 * the seconds to wait ({@code retryAfter}, HTTP's Retry-After).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Refusal(int status, String error, String field, Integer retryAfter) {

    static Refusal of(InputException e) {
        return new Refusal(FailureStatuses.status(e), e.getMessage(), e.field(), null);
    }

    static Refusal of(OverloadedException e) {
        return new Refusal(503, e.getMessage(), null, e.retryAfterSeconds());
    }
}
