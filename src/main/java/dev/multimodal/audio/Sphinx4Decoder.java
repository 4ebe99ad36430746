package dev.multimodal.audio;

import dev.multimodal.models.ModelManifest;
import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.frontend.feature.LiveCMN;
import edu.cmu.sphinx.util.TimeFrame;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.LinkedList;

/**
 * One Sphinx4 recogniser, allocated once. Sphinx4's StreamSpeechRecognizer allocates its whole
 * recogniser at every startRecognition and frees it at every stopRecognition, so each call
 * would read the dictionary and language model and build the search tree again (seconds per
 * segment); this one allocates in its constructor and only points the front end at each
 * segment's stream.
 * <p>
 * Its live cepstral mean normalisation is started afresh for each segment. Sphinx4 is made for
 * one continuous stream: LiveCMN keeps the running mean of everything it heard, so a pooled
 * decoder would normalise one request's segment by the previous requests' voices and rooms
 * (after a call on silence it recognised nothing at all). LiveCMN offers no reset, so its state
 * is cleared through reflection on its fields (sphinx4-core 5prealpha's names; a failure here
 * fails the model's warm-up, not a request), and it estimates the mean again from the segment's
 * first frames, as it does for a new stream.
 */
final class Sphinx4Decoder extends AbstractSpeechRecognizer {

    private static final Field[] STATE;

    static {
        try {
            Class<LiveCMN> type = LiveCMN.class;
            STATE = new Field[] {
                type.getDeclaredField("currentMean"),
                type.getDeclaredField("sum"),
                type.getDeclaredField("numberFrame"),
                type.getDeclaredField("initialList")
            };
            for (Field field : STATE) {
                field.setAccessible(true);
            }
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LiveCMN cmn;

    Sphinx4Decoder(Configuration configuration, ModelManifest.SpeechSettings search) throws IOException {
        super(context(configuration, search));
        this.cmn = context.getInstance(LiveCMN.class);
        recognizer.allocate();
    }

    private static Context context(Configuration configuration, ModelManifest.SpeechSettings search)
            throws IOException {
        Context context = new Context(configuration);
        context.setLocalProperty("speedTracker->showTimers", "false"); // its timers print per utterance
        // the components default.config.xml names; its global ${...} values cannot be set once the
        // context exists (the front end is rebuilt without its predecessors), local ones can
        String beam = Integer.toString(search.absoluteBeamWidth());
        String relative = Double.toString(search.relativeBeamWidth());
        context.setLocalProperty("standardActiveListFactory->absoluteBeamWidth", beam);
        context.setLocalProperty("standardActiveListFactory->relativeBeamWidth", relative);
        context.setLocalProperty("wordPruningLookaheadSearchManager->relativeBeamWidth", relative);
        context.setLocalProperty(
                "wordActiveListFactory->absoluteBeamWidth", Integer.toString(search.absoluteWordBeamWidth()));
        context.setLocalProperty(
                "wordActiveListFactory->relativeBeamWidth", Double.toString(search.relativeWordBeamWidth()));
        return context;
    }

    void startRecognition(InputStream stream) {
        forgetPreviousSpeaker();
        context.setSpeechSource(stream, TimeFrame.INFINITE);
    }

    void stopRecognition() {
        // the recogniser stays allocated for the next segment
    }

    private void forgetPreviousSpeaker() {
        try {
            STATE[0].set(cmn, null);
            STATE[1].set(cmn, null);
            STATE[2].setInt(cmn, 0);
            STATE[3].set(cmn, new LinkedList<>());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reset Sphinx4's LiveCMN", e);
        }
    }
}
