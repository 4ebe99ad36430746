package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.OverloadedException;
import org.junit.jupiter.api.Test;

class CostBudgetTest {

    @Test
    void admitsWhileTheWorkInFlightFitsAndRefusesAtOnceWithRetryAfter() {
        CostBudget budget = new CostBudget("model m", "bytes", "mmf.batch.max-bytes-in-flight", 100, 4);
        CostBudget.Lease a = budget.admit(60);
        CostBudget.Lease b = budget.admit(40);
        assertEquals(100, budget.inFlight());
        OverloadedException refused = assertThrows(OverloadedException.class, () -> budget.admit(1));
        assertEquals(4, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("mmf.batch.max-bytes-in-flight"), refused.getMessage());
        assertTrue(refused.getMessage().contains("100 bytes are in flight"), refused.getMessage());
        a.close();
        a.close(); // a lease gives its cost back once
        assertEquals(40, budget.inFlight());
        try (CostBudget.Lease c = budget.admit(60)) {
            assertEquals(100, budget.inFlight());
        }
        b.close();
        assertEquals(0, budget.inFlight());
    }

    @Test
    void aRequestLargerThanTheWholeBudgetRunsOnlyAlone() {
        CostBudget budget = new CostBudget("images", "pixels", "mmf.image.max-pixels-in-flight", 100, 1);
        CostBudget.Lease small = budget.admit(10);
        assertThrows(OverloadedException.class, () -> budget.admit(500));
        small.close();
        try (CostBudget.Lease huge = budget.admit(500)) {
            assertThrows(OverloadedException.class, () -> budget.admit(1), "nothing joins it");
        }
        assertEquals(0, budget.inFlight());
    }

    @Test
    void roomForTheLeastCostIsCheckedWithoutTakingAnything() {
        CostBudget budget = new CostBudget("images", "pixels", "mmf.image.max-pixels-in-flight", 100, 1);
        budget.requireRoomFor(64); // empty: anything may start
        CostBudget.Lease most = budget.admit(40);
        budget.requireRoomFor(60);
        assertEquals(40, budget.inFlight(), "a check takes nothing");
        CostBudget.Lease rest = budget.admit(60);
        OverloadedException full = assertThrows(OverloadedException.class, () -> budget.requireRoomFor(1));
        assertTrue(full.getMessage().contains("mmf.image.max-pixels-in-flight"), full.getMessage());
        rest.close();
        budget.requireRoomFor(60);
        most.close();
        assertEquals(0, budget.inFlight());
    }

    @Test
    void capacityAndCostsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new CostBudget("m", "bytes", "s", 0, 1));
        CostBudget budget = new CostBudget("m", "bytes", "s", 10, 1);
        assertThrows(IllegalArgumentException.class, () -> budget.admit(-1));
    }
}
