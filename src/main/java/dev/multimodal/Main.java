package dev.multimodal;

import dev.multimodal.service.EarlyModels;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: the models begin loading on a thread of their own before Quarkus
 * starts, so a cold start overlaps the two ({@link EarlyModels}); then Quarkus runs until it is
 * told to stop.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        EarlyModels.begin();
        Quarkus.run(args);
    }
}
