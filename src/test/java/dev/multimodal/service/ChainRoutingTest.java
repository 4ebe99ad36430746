package dev.multimodal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.api.Analysis;
import dev.multimodal.refusal.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The steps an analysis goes through, as the CloudEvent functions and the gateway choose them: only
 * those with work, and never a step outside {@link ChainStep#candidatesAfter}, which the deploy test
 * uses to require a Trigger for every type a step may answer with.
 */
class ChainRoutingTest {

    private static final Analysis.Encoded VECTOR = new Analysis.Encoded("m", "s", new float[] {1}, null);
    private static final Analysis.Encoded READ = new Analysis.Encoded("ocr-text", "s", new float[] {1}, "Total 5.40");

    private static Analysis analysis(boolean image, boolean audio, boolean video, boolean text) {
        return Analysis.of(
                image ? "img" : null,
                audio ? "wav" : null,
                video ? "mp4" : null,
                text ? "a text" : null,
                List.of("c"),
                null,
                null,
                null);
    }

    /** The steps an analysis visits, each step's part stood in for, as a broker would deliver them. */
    private static List<String> route(Analysis start, boolean imageHasText) {
        List<String> visited = new ArrayList<>();
        Analysis a = start;
        ChainStep step = ChainRouting.first(a);
        while (step != null) {
            visited.add(step.function());
            a = switch (step) {
                case ENCODE_IMAGE -> a.withImageVector(imageHasText ? READ : VECTOR, 1);
                case ENCODE_AUDIO -> a.withAudioVector(VECTOR, 1);
                case ENCODE_VIDEO -> a.withVideoVectors(VECTOR, null, 1);
                case ENCODE_TEXT -> a.withTextVector(VECTOR, 1);
                case FUSE -> a.withFused(VECTOR, 1);
                case SCORE -> a.withScores(List.of(), null, 1);
            };
            step = ChainRouting.next(step, a).orElse(null);
        }
        return visited;
    }

    @Test
    void eachAnalysisVisitsOnlyTheStepsWithWorkForIt() {
        assertEquals(
                List.of("analyze-image", "analyze-text", "analyze-fuse", "analyze-score"),
                route(analysis(true, false, false, false), true),
                "an image: no speech step");
        assertEquals(
                List.of("analyze-audio", "analyze-text", "analyze-fuse", "analyze-score"),
                route(analysis(false, true, false, true), false),
                "a recording and a text: no image, no clip");
        assertEquals(
                List.of("analyze-audio", "analyze-fuse", "analyze-score"),
                route(analysis(false, true, false, false), false),
                "a recording alone speaks for itself");
        assertEquals(
                List.of("analyze-video", "analyze-fuse", "analyze-score"),
                route(analysis(false, false, true, false), false));
        assertEquals(
                List.of("analyze-image", "analyze-audio", "analyze-fuse", "analyze-score"),
                route(analysis(true, true, false, false), false),
                "an image with nothing to read beside a recording: no text to encode");
        assertEquals(
                List.of(
                        "analyze-image",
                        "analyze-audio",
                        "analyze-video",
                        "analyze-text",
                        "analyze-fuse",
                        "analyze-score"),
                route(analysis(true, true, true, true), false));
    }

    @Test
    void noEnvelopeIsSentToAStepOutsideTheCandidatesItsTriggersCover() {
        for (int bits = 1; bits < 32; bits++) {
            boolean image = (bits & 1) != 0;
            boolean audio = (bits & 2) != 0;
            boolean video = (bits & 4) != 0;
            if (!image && !audio && !video) {
                continue;
            }
            Analysis a = analysis(image, audio, video, (bits & 8) != 0);
            ChainStep first = ChainRouting.first(a);
            assertTrue(ChainStep.candidatesAfter(ChainStep.ROUTE_FUNCTION).contains(first), a + " starts at " + first);
            List<String> visited = route(a, (bits & 16) != 0);
            for (int i = 0; i + 1 < visited.size(); i++) {
                ChainStep from = ChainStep.ofFunction(visited.get(i)).orElseThrow();
                ChainStep to = ChainStep.ofFunction(visited.get(i + 1)).orElseThrow();
                assertTrue(
                        ChainStep.candidatesAfter(from.function()).contains(to),
                        from + " answers the type of " + to + ", which it does not declare");
            }
            assertEquals("analyze-score", visited.get(visited.size() - 1));
            assertEquals(Optional.empty(), ChainRouting.next(ChainStep.SCORE, a));
        }
    }

    @Test
    void anAnalysisWithoutAMediumIsRefusedNamingImage() {
        InputException e = assertThrows(
                InputException.class, () -> ChainRouting.requireMedium(analysis(false, false, false, true)));
        assertEquals("image", e.field());
    }
}
