package dev.multimodal.http;

import dev.multimodal.models.ModelStatus;
import dev.multimodal.registry.ModelService;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: every configured model loaded and warmed up, and the service not draining.
 * Liveness: the process answers.
 * <p>
 * Both are {@link AsyncHealthCheck}s, answered on the event loop: SmallRye Health runs a plain
 * {@code HealthCheck} on the worker pool, where a probe would queue behind the decoding of every
 * image in flight and miss its deadline under load. Each reads only volatile state. For the same
 * reason Quarkus's own shutdown check, a plain one, is switched off in {@code application.properties};
 * {@link DrainGate}'s flag takes its place here.
 */
public class HealthChecks {

    @Readiness
    @ApplicationScoped
    public static class ModelsReady implements AsyncHealthCheck {

        @Inject
        ModelService models;

        @Inject
        DrainGate drain;

        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(this::now);
        }

        HealthCheckResponse now() {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("models");
            if (drain.draining()) {
                return builder.down().withData("state", "shutting down").build();
            }
            if (models.repository() == null) {
                return builder.down().withData("state", "starting").build();
            }
            for (ModelStatus status : models.repository().statuses()) {
                builder.withData(
                        status.id(),
                        status.state() == ModelStatus.State.READY
                                ? "READY on " + status.provider()
                                : status.state() + (status.error() == null ? "" : ": " + status.error()));
            }
            return builder.status(models.repository().allReady()).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements AsyncHealthCheck {

        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(HealthCheckResponse.up("alive"));
        }
    }
}
