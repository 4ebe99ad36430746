package dev.multimodal.audio;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelRepository.LoadedModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Silero VAD: a speech probability for each 32 ms frame (512 samples at 16 kHz, fed after the
 * previous frame's last 64 samples, with the recurrent state carried over), then frames to segments
 * by hysteresis: speech starts at {@code threshold}, ends after {@code minSilenceMs} below
 * {@code threshold - 0.15}, is dropped under {@code minSpeechMs}, padded, and cut when longer than
 * {@code maxSegmentSeconds}. The frames of one recording run in order (each needs the state of the
 * one before), so they are not batched; recordings run on their callers' threads at once.
 */
public final class VoiceActivityDetector {

    public static final int FRAME = 512;
    private static final int CONTEXT = 64;
    private static final float HYSTERESIS = 0.15f;

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ReentrantReadWriteLock running = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final String input;
    private final String state;
    private final String sampleRate;
    private final String output;
    private final String stateOut;
    private final long[] stateShape;
    private final boolean scalarRate;

    public VoiceActivityDetector(LoadedModel model, OrtEnvironment environment) throws OrtException {
        this.manifest = model.manifest();
        this.environment = environment;
        this.session = model.session("model").session();
        this.input = manifest.tensor("input");
        this.state = manifest.tensor("state");
        this.sampleRate = manifest.tensor("sampleRate");
        this.output = manifest.tensor("output");
        this.stateOut = manifest.tensor("stateOut");
        Map<String, NodeInfo> inputs = session.getInputInfo();
        long[] shape = ((TensorInfo) inputs.get(state).getInfo()).getShape();
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] < 0 ? 1 : shape[i];
        }
        this.stateShape = shape;
        this.scalarRate = ((TensorInfo) inputs.get(sampleRate).getInfo()).getShape().length == 0;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The speech segments of {@code audio}, in order, not overlapping. */
    public List<SpeechSegment> segments(float[] audio, VadSettings settings) throws OrtException {
        return segments(probabilities(audio), audio.length, settings);
    }

    /** One speech probability per {@link #FRAME} samples; the last, partial frame is padded with zeros. */
    public float[] probabilities(float[] audio) throws OrtException {
        int frames = (audio.length + FRAME - 1) / FRAME;
        float[] probabilities = new float[frames];
        int stateSize = 1;
        for (long d : stateShape) {
            stateSize *= (int) d;
        }
        float[] recurrent = new float[stateSize];
        float[] window = new float[CONTEXT + FRAME];
        try (OnnxTensor rate = scalarRate
                ? OnnxTensor.createTensor(environment, (Object) (long) DecodedAudio.SAMPLE_RATE)
                : OnnxTensor.createTensor(environment, new long[] {DecodedAudio.SAMPLE_RATE})) {
            for (int f = 0; f < frames; f++) {
                int from = f * FRAME;
                int n = Math.min(FRAME, audio.length - from);
                System.arraycopy(window, FRAME, window, 0, CONTEXT); // the last 64 samples fed before
                System.arraycopy(audio, from, window, CONTEXT, n);
                Arrays.fill(window, CONTEXT + n, window.length, 0f);
                running.readLock().lock();
                try (OnnxTensor x = OnnxTensor.createTensor(
                                environment, FloatBuffer.wrap(window), new long[] {1, window.length});
                        OnnxTensor h = OnnxTensor.createTensor(environment, FloatBuffer.wrap(recurrent), stateShape);
                        OrtSession.Result result = run(Map.of(input, x, state, h, sampleRate, rate))) {
                    probabilities[f] = ((OnnxTensor) result.get(output).orElseThrow())
                            .getFloatBuffer()
                            .get(0);
                    ((OnnxTensor) result.get(stateOut).orElseThrow())
                            .getFloatBuffer()
                            .get(recurrent);
                } finally {
                    running.readLock().unlock();
                }
            }
        }
        return probabilities;
    }

    /** One frame, under the read lock; refused once {@link #close} has run. */
    private OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        if (closed) {
            throw new IllegalStateException(
                    "the voice activity model " + manifest.id() + " is closed: the service is stopping");
        }
        return session.run(inputs);
    }

    /**
     * Waits for the frames being run (each holds the read lock) and refuses any later one, so that the
     * session can be closed after this returns without a run inside it: at SIGTERM a recording of an
     * abandoned request may still be on a worker when the sessions close, and closing an ONNX Runtime
     * session under a run is a native crash. A frame takes about a millisecond, so this waits that long.
     */
    public void close() {
        running.writeLock().lock();
        try {
            closed = true;
        } finally {
            running.writeLock().unlock();
        }
    }

    /** Frames to segments, as the class comment says. */
    static List<SpeechSegment> segments(float[] probabilities, int samples, VadSettings settings) {
        int minSpeech = samplesOf(settings.minSpeechMs());
        int minSilence = samplesOf(settings.minSilenceMs());
        int maxSegment = settings.maxSegmentSeconds() * DecodedAudio.SAMPLE_RATE;
        float end = settings.threshold() - HYSTERESIS;
        List<SpeechSegment> raw = new ArrayList<>();
        int start = -1;
        int silentSince = -1;
        for (int f = 0; f < probabilities.length; f++) {
            int at = f * FRAME;
            float p = probabilities[f];
            if (start < 0) {
                if (p >= settings.threshold()) {
                    start = at;
                    silentSince = -1;
                }
                continue;
            }
            if (p >= settings.threshold()) {
                silentSince = -1;
            } else if (p < end && silentSince < 0) {
                silentSince = at;
            }
            if (silentSince >= 0 && at + FRAME - silentSince >= minSilence) {
                keep(raw, start, silentSince, minSpeech);
                start = -1;
                silentSince = -1;
            } else if (at + FRAME - start > maxSegment) {
                int cut = quietest(probabilities, (start + maxSegment / 2) / FRAME, f) * FRAME;
                keep(raw, start, cut, minSpeech);
                start = cut;
                silentSince = -1;
            }
        }
        if (start >= 0) {
            keep(raw, start, silentSince >= 0 ? silentSince : samples, minSpeech);
        }
        return padded(raw, samplesOf(settings.padMs()), samples);
    }

    private static void keep(List<SpeechSegment> segments, int start, int end, int minSpeech) {
        if (end - start >= minSpeech) {
            segments.add(new SpeechSegment(start, end));
        }
    }

    private static int quietest(float[] probabilities, int from, int to) {
        int best = to;
        for (int f = Math.max(0, from); f <= to; f++) {
            if (probabilities[f] < probabilities[best]) {
                best = f;
            }
        }
        return best;
    }

    /** Each segment widened by {@code pad}; two whose padding would overlap meet halfway through their gap. */
    private static List<SpeechSegment> padded(List<SpeechSegment> raw, int pad, int samples) {
        List<SpeechSegment> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            SpeechSegment s = raw.get(i);
            int start = Math.max(0, s.start() - pad);
            int end = Math.min(samples, s.end() + pad);
            if (i > 0 && raw.get(i - 1).end() + pad > s.start() - pad) {
                start = (raw.get(i - 1).end() + s.start()) / 2;
            }
            if (i + 1 < raw.size() && s.end() + pad > raw.get(i + 1).start() - pad) {
                end = (s.end() + raw.get(i + 1).start()) / 2;
            }
            out.add(new SpeechSegment(start, end));
        }
        return out;
    }

    private static int samplesOf(int millis) {
        return (int) ((long) millis * DecodedAudio.SAMPLE_RATE / 1000);
    }
}
