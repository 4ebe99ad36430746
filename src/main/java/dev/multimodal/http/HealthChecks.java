package dev.multimodal.http;

import dev.multimodal.service.ModelService;

import dev.multimodal.models.ModelStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: every configured model loaded and warmed up. Liveness: the process answers. */
public class HealthChecks {

    @Readiness
    @ApplicationScoped
    public static class ModelsReady implements HealthCheck {

        @Inject
        ModelService models;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("models");
            if (models.repository() == null) {
                return builder.down().withData("state", "starting").build();
            }
            for (ModelStatus status : models.repository().statuses()) {
                builder.withData(status.id(), status.state() == ModelStatus.State.READY
                        ? "READY on " + status.provider()
                        : status.state() + (status.error() == null ? "" : ": " + status.error()));
            }
            return builder.status(models.repository().allReady()).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("alive");
        }
    }
}
