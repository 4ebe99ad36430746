package dev.multimodal.admission;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.runtime.CostBudget;
import dev.multimodal.runtime.MemoryAccount;
import dev.multimodal.runtime.MemoryShare;
import dev.multimodal.settings.Keys;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Admission of text work by its characters ({@code mmf.text.max-chars-in-flight}, by default
 * derived from the memory the process has: {@link MemoryShare}). A request's characters are
 * admitted before it is tokenised, so that neither the tokenizer's native side nor the windows
 * cut from its output ever meet a full heap; they count until its answer is ready. One that does
 * not fit beside the work in flight is refused at once with a 503.
 */
public final class TextAdmission {

    private final CostBudget chars;
    private final Supplier<Object> owner;

    public TextAdmission(long maxCharsInFlight, int retryAfterSeconds) {
        this(maxCharsInFlight, retryAfterSeconds, null);
    }

    /** Drawing each character's {@link MemoryShare#BYTES_PER_CHAR} from {@code account} too (null: none). */
    public TextAdmission(long maxCharsInFlight, int retryAfterSeconds, MemoryAccount account) {
        this(maxCharsInFlight, retryAfterSeconds, account, () -> null);
    }

    /** @param owner the request whose characters these are, in the account (null: none) */
    private TextAdmission(long maxCharsInFlight, int retryAfterSeconds, MemoryAccount account, Supplier<Object> owner) {
        this.owner = owner;
        this.chars = new CostBudget(
                "the text service",
                "characters of text",
                Keys.TEXT_MAX_CHARS_IN_FLIGHT,
                maxCharsInFlight,
                retryAfterSeconds,
                account,
                MemoryShare.BYTES_PER_CHAR);
    }

    /**
     * From configuration: the setting where set, else the share of memory; in the process's memory
     * account, as part of the HTTP request the calling thread serves (its body's admission names it too).
     */
    public static TextAdmission from(MmfConfig config, CurrentVertxRequest current) {
        return from(config, () -> RequestLeases.currentOwner(current));
    }

    /** From configuration: the setting where set, else the share of memory. */
    public static TextAdmission from(MmfConfig config) {
        return from(config, () -> null);
    }

    private static TextAdmission from(MmfConfig config, Supplier<Object> owner) {
        return new TextAdmission(
                config.text()
                        .maxCharsInFlight()
                        .orElseGet(() -> MemoryShare.ofThisProcess().chars()),
                config.batch().retryAfterSeconds(),
                MemoryAccount.ofThisProcess(),
                owner);
    }

    /** Admits nothing less than everything: for tools and tests that check answers, not admission. */
    public static TextAdmission unlimited() {
        return new TextAdmission(Long.MAX_VALUE, 1);
    }

    /**
     * Admits {@code texts}' characters, runs {@code work} and holds them until its future completes.
     *
     * @throws dev.multimodal.refusal.OverloadedException when they do not fit now (nothing runs)
     */
    public <T> CompletableFuture<T> admitted(List<String> texts, Supplier<CompletableFuture<T>> work) {
        long cost = 0;
        for (String text : texts) {
            cost += text.length();
        }
        CostBudget.Lease lease = chars.admit(cost, owner.get());
        CompletableFuture<T> future;
        try {
            future = work.get();
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
        future.whenComplete((value, failure) -> lease.close());
        return future;
    }

    public long capacity() {
        return chars.capacity();
    }

    /** Characters admitted now, for tests and metrics. */
    public long inFlight() {
        return chars.inFlight();
    }

    /** The budget itself, for tests that fill it. */
    CostBudget budget() {
        return chars;
    }
}
