package dev.multimodal.audio;

import dev.multimodal.models.ModelManifest;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.MemoryAccount;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.result.Lattice;
import edu.cmu.sphinx.result.LatticeOptimizer;
import edu.cmu.sphinx.result.Node;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CMU Sphinx4 over the files {@code models/sphinx4-en-us/model.json} names (acoustic model,
 * pronouncing dictionary, 3-gram language model). A Sphinx4 decoder is stateful and loads its own
 * copy of the model, so decoders are pooled: a call takes an idle one, or loads another while the
 * heap admits one more, or waits for one to come back. The heap admits as many decoders as half of it
 * holds at the manifest's {@code speech.decoderHeapMiB} each (the other half is the service's and the
 * recordings'), and the model refuses to load when it cannot hold one: a decoder that runs out of heap
 * mid-segment fails every request beside it with an OutOfMemoryError, where a model that is not
 * ready says what it needs.
 */
public final class Sphinx4Recognizer implements SpeechRecognizer {

    private final ModelManifest manifest;
    private final Configuration configuration;
    private final LinkedBlockingQueue<Sphinx4Decoder> idle = new LinkedBlockingQueue<>();
    private final int maxDecoders;
    private final AtomicInteger decoders = new AtomicInteger();
    private final MemoryAccount account;
    private final List<MemoryAccount.Reservation> held = new CopyOnWriteArrayList<>();

    /**
     * With the decoders this JVM's heap admits, each reserving its heap in the process's memory
     * account, so that the requests' budgets leave it to them.
     */
    public Sphinx4Recognizer(ModelManifest manifest) {
        this(manifest, Runtime.getRuntime().maxMemory(), MemoryAccount.ofThisProcess());
    }

    /**
     * @param heapBytes the heap the decoders are admitted against (and an account of their own)
     * @throws IllegalStateException when it cannot hold one decoder
     */
    public Sphinx4Recognizer(ModelManifest manifest, long heapBytes) {
        this(manifest, heapBytes, MemoryAccount.of(heapBytes));
    }

    /**
     * @param account where each decoder loaded reserves its {@code speech.decoderHeapMiB}
     * @throws IllegalStateException when {@code heapBytes} cannot hold one decoder
     */
    public Sphinx4Recognizer(ModelManifest manifest, long heapBytes, MemoryAccount account) {
        this.manifest = manifest;
        this.account = account;
        this.maxDecoders = decoders(settings(manifest), heapBytes, manifest.id());
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
        idle.add(take());
    }

    /** The most decoders this recogniser holds at once: the most segments it decodes at once. */
    public int maxDecoders() {
        return maxDecoders;
    }

    /** The decoders loaded so far. */
    public int loaded() {
        return decoders.get();
    }

    /** Half of the heap over one decoder's heap; none is a model that cannot load here. */
    static int decoders(ModelManifest.SpeechSettings search, long heapBytes, String id) {
        long count = heapBytes / 2 / search.decoderHeapBytes();
        if (count < 1) {
            throw new IllegalStateException(id + ": one Sphinx4 decoder holds " + search.decoderHeapMiB()
                    + " MiB of heap (its manifest's speech.decoderHeapMiB) and the decoders may take half"
                    + " of the heap, but this JVM's heap is " + (heapBytes >> 20) + " MiB: give it at least "
                    + 2 * search.decoderHeapMiB() + " MiB (-Xmx, or -XX:MaxRAMPercentage=50 in a 1 GiB"
                    + " container, as the image's JAVA_MAX_MEM_RATIO does)");
        }
        return (int) Math.min(Integer.MAX_VALUE, count);
    }

    @Override
    public Transcript transcribe(float[] samples, BooleanSupplier stop) {
        Sphinx4Decoder decoder = take();
        try {
            return decode(decoder, samples, stop);
        } finally {
            idle.add(decoder);
        }
    }

    private Transcript decode(Sphinx4Decoder decoder, float[] samples, BooleanSupplier stop) {
        decoder.startRecognition(new StoppableInput(pcm16(samples), stop));
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

    /** An idle decoder, a new one while the heap admits it, or the next one given back. */
    private Sphinx4Decoder take() {
        Sphinx4Decoder decoder = idle.poll();
        if (decoder != null) {
            return decoder;
        }
        if (decoders.getAndIncrement() < maxDecoders) {
            try {
                return newDecoder();
            } catch (RuntimeException | Error e) {
                decoders.decrementAndGet();
                throw e;
            }
        }
        decoders.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InputException.unavailable("audio", "transcription was stopped: the service is stopping");
        }
    }

    private static ModelManifest.SpeechSettings settings(ModelManifest manifest) {
        return manifest.speech() == null ? ModelManifest.SpeechSettings.SPHINX4_DEFAULTS : manifest.speech();
    }

    private Sphinx4Decoder newDecoder() {
        try {
            Sphinx4Decoder decoder = new Sphinx4Decoder(configuration, settings(manifest));
            held.add(account.reserve(settings(manifest).decoderHeapBytes()));
            return decoder;
        } catch (IOException e) {
            throw new UncheckedIOException("Sphinx4 cannot load " + manifest.id() + ": " + e.getMessage(), e);
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
        held.forEach(MemoryAccount.Reservation::close);
        held.clear();
    }
}
