package dev.multimodal.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;

/**
 * Any body: the OIP v2 request reader answers a request whose shapes fit the element limit and
 * whose data matches its value count, or an {@link InputException} (a 4xx) naming a field — never
 * another exception. The build replays {@code OipRequestReaderFuzzTestInputs/}.
 */
class OipRequestReaderFuzzTest {

    private static final long MAX_ELEMENTS = 4096;

    @FuzzTest(maxDuration = "60s")
    void read(byte[] body) {
        try {
            OipRequest request = OipRequestReader.read(body, MAX_ELEMENTS);
            long total = 0;
            for (OipRequest.Input input : request.inputs()) {
                long elements = input.elements();
                if (elements < 1 || elements > MAX_ELEMENTS || input.shape().length == 0) {
                    throw new AssertionError("shape past the limit: " + java.util.Arrays.toString(input.shape()));
                }
                if ((input.integers() == null) == (input.reals() == null)) {
                    throw new AssertionError("data must be exactly one of integers and reals");
                }
                total += input.size();
            }
            if (total > MAX_ELEMENTS) {
                throw new AssertionError(total + " values read past the limit of " + MAX_ELEMENTS);
            }
        } catch (InputException e) {
            if (FailureStatuses.status(e) < 400 || FailureStatuses.status(e) > 499 || e.field() == null) {
                throw new AssertionError(
                        "not a 4xx naming its field: " + FailureStatuses.status(e) + " " + e.getMessage());
            }
        }
    }
}
