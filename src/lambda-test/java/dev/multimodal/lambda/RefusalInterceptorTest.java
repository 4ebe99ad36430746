package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import io.smallrye.mutiny.Uni;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Which failures become results and which stay function errors (the mock-server tests cover the wiring). */
class RefusalInterceptorTest {

    private final RefusalInterceptor interceptor = new RefusalInterceptor();

    @Test
    void overloadStaysAFunctionErrorThatCarriesTheRefusal() throws Exception {
        Uni<?> answer = (Uni<?>) interceptor.answer(
                call(() -> Uni.createFrom().failure(new OverloadedException("the text encoder's queue is full", 2))));

        Overloaded error = assertThrows(Overloaded.class, () -> answer.await().indefinitely());
        JsonNode refusal = MockLambda.JSON.readTree(error.getMessage());
        assertEquals(503, refusal.get("status").asInt());
        assertEquals(2, refusal.get("retryAfter").asInt());
        assertEquals("the text encoder's queue is full", refusal.get("error").asText());
    }

    @Test
    void badInputThrownBeforeAnyUniIsAResult() throws Exception {
        Uni<?> answer = (Uni<?>) interceptor.answer(call(() -> {
            throw InputException.tooLarge("texts", "texts has 300 items; the limit is 256");
        }));

        Refusal refusal = assertInstanceOf(Refusal.class, answer.await().indefinitely());
        assertEquals(new Refusal(413, "texts has 300 items; the limit is 256", "texts", null), refusal);
    }

    @Test
    void anyOtherFailureIsLeftAsAnErrorForLambdaToRetry() throws Exception {
        IllegalStateException crash = new IllegalStateException("session closed");
        Uni<?> answer = (Uni<?>) interceptor.answer(call(() -> Uni.createFrom().failure(crash)));

        assertSame(
                crash,
                assertThrows(IllegalStateException.class, () -> answer.await().indefinitely()));
    }

    private static InvocationContext call(Callable<Object> method) {
        return (InvocationContext) Proxy.newProxyInstance(
                RefusalInterceptorTest.class.getClassLoader(),
                new Class<?>[] {InvocationContext.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("proceed")) {
                        return method.call();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
