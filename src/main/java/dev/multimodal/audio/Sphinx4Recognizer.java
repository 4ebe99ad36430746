package dev.multimodal.audio;

import dev.multimodal.models.ModelManifest;
import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.frontend.feature.LiveCMN;
import edu.cmu.sphinx.result.Lattice;
import edu.cmu.sphinx.result.LatticeOptimizer;
import edu.cmu.sphinx.result.Node;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import edu.cmu.sphinx.util.TimeFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CMU Sphinx4 over the files {@code models/sphinx4-en-us/model.json} names (acoustic model,
 * pronouncing dictionary, 3-gram language model). A Sphinx4 decoder is stateful and loads its own
 * copy of the model (about 150-300 MB of heap), so decoders are pooled: a call takes an idle one or
 * loads another, and gives it back. The pool therefore never holds more decoders than the most
 * calls ever made at once, which the caller bounds ({@code mmf.audio.parallel-segments}).
 */
public final class Sphinx4Recognizer implements SpeechRecognizer {

    private final ModelManifest manifest;
    private final Configuration configuration;
    private final ConcurrentLinkedQueue<Decoder> idle = new ConcurrentLinkedQueue<>();

    public Sphinx4Recognizer(ModelManifest manifest) {
        this.manifest = manifest;
        quietLogging();
        this.configuration = new Configuration();
        // the acoustic model's files sit beside the manifest, with Sphinx's own names
        configuration.setAcousticModelPath(manifest.directory().toString());
        configuration.setDictionaryPath(manifest.path("dictionary").toString());
        configuration.setLanguageModelPath(manifest.path("languageModel").toString());
        configuration.setSampleRate(DecodedAudio.SAMPLE_RATE);
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    /** Loads one decoder now (the start-up's warm-up), so the first request does not wait for it. */
    public void preload() {
        idle.add(newDecoder());
    }

    @Override
    public Transcript transcribe(float[] samples) {
        Decoder decoder = idle.poll();
        if (decoder == null) {
            decoder = newDecoder();
        }
        try {
            return decode(decoder, samples);
        } finally {
            idle.add(decoder);
        }
    }

    private Transcript decode(Decoder decoder, float[] samples) {
        decoder.startRecognition(new ByteArrayInputStream(pcm16(samples)));
        StringBuilder text = new StringBuilder();
        List<TimedWord> words = new ArrayList<>();
        double confidence = 0;
        int scored = 0;
        try {
            SpeechResult result;
            while ((result = decoder.getResult()) != null) {
                List<Node> nodes = posteriors(result);
                List<WordResult> best;
                try {
                    best = result.getWords();
                } catch (NullPointerException e) {
                    continue; // Sphinx4 finds no path through an utterance of noise alone
                }
                for (WordResult word : best) {
                    if (word.isFiller() || word.getWord().isFiller()) {
                        continue;
                    }
                    String spelling = spelling(word.getWord().getSpelling());
                    long start = word.getTimeFrame().getStart();
                    long end = word.getTimeFrame().getEnd();
                    words.add(new TimedWord(spelling, start / 1000.0, end / 1000.0));
                    if (!text.isEmpty()) {
                        text.append(' ');
                    }
                    text.append(spelling);
                    confidence += posterior(nodes, word.getWord().getSpelling(), start, end);
                    scored++;
                }
            }
        } finally {
            decoder.stopRecognition();
        }
        return new Transcript(text.toString(), scored == 0 ? 0 : confidence / scored, List.copyOf(words));
    }

    /** The lattice's nodes with their posteriors computed; empty when the lattice cannot be built. */
    private static List<Node> posteriors(SpeechResult result) {
        try {
            Lattice lattice = new Lattice(result.getResult());
            new LatticeOptimizer(lattice).optimize();
            lattice.computeNodePosteriors(1.0f);
            return new ArrayList<>(lattice.getNodes());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The best posterior of a lattice node of this word overlapping its time, as a probability. */
    private static double posterior(List<Node> nodes, String spelling, long start, long end) {
        double best = 0;
        LogMath logMath = LogMath.getLogMath();
        for (Node node : nodes) {
            if (node.getWord().getSpelling().equals(spelling)
                    && node.getBeginTime() < end
                    && node.getEndTime() > start) {
                double p = logMath.logToLinear((float) node.getPosterior());
                if (Double.isFinite(p)) {
                    best = Math.max(best, Math.min(1, p));
                }
            }
        }
        return best;
    }

    /** The dictionary's alternates are marked "word(2)": the word is the same. */
    private static String spelling(String spelling) {
        int paren = spelling.indexOf('(');
        return paren > 0 ? spelling.substring(0, paren) : spelling;
    }

    private Decoder newDecoder() {
        try {
            return new Decoder(
                    configuration,
                    manifest.speech() == null ? ModelManifest.SpeechSettings.SPHINX4_DEFAULTS : manifest.speech());
        } catch (IOException e) {
            throw new UncheckedIOException("Sphinx4 cannot load " + manifest.id() + ": " + e.getMessage(), e);
        }
    }

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
    static final class Decoder extends AbstractSpeechRecognizer {

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

        Decoder(Configuration configuration, ModelManifest.SpeechSettings search) throws IOException {
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

    /**
     * 16-bit little-endian PCM, what Sphinx4's front end reads from a stream, dithered by one step:
     * digital silence (exact zeros) has no log energy, and a decoder's live cepstral mean, which it
     * carries from one call to the next, would never recover from it.
     */
    static byte[] pcm16(float[] samples) {
        byte[] bytes = new byte[samples.length * 2];
        Random dither = new Random(samples.length);
        for (int i = 0; i < samples.length; i++) {
            int s = Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32766f) + dither.nextInt(3) - 1;
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }

    /** Sphinx4 logs every component it configures at INFO; only its warnings are worth a line. */
    private static void quietLogging() {
        Logger.getLogger("default.config").setLevel(Level.WARNING);
        Logger.getLogger("edu.cmu.sphinx").setLevel(Level.WARNING);
    }

    @Override
    public void close() {
        idle.clear(); // Sphinx4 holds no native memory: its decoders go with the garbage
    }
}
