package dev.multimodal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.models.ModelManifest;
import dev.multimodal.runtime.MemoryAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sphinx4 on LibriVox speech and on flite's voice: the words said, within a word error bound. */
class Sphinx4RecognizerTest {

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.defaults());

    /**
     * Sphinx4 is about 30-45% WER on these LibriVox clips ("amiable himself" → "a real ball itself"):
     * the bound is on the clips together, and every clip must be mostly right.
     */
    @Test
    void readSpeechIsTranscribedWithinTheErrorBound() throws IOException {
        double edits = 0;
        int words = 0;
        for (String clip : new String[] {"0880", "0930"}) {
            SpeechRecognizer.Transcript transcript = AudioModels.asr().transcribe(samples(TestAudio.librivox(clip)));
            String reference = TestAudio.transcript(clip);
            double wer = AudioModels.wer(reference, transcript.text());
            assertTrue(wer <= 0.6, clip + ": '" + transcript.text() + "' against '" + reference + "', WER " + wer);
            int n = reference.split(" ").length;
            edits += wer * n;
            words += n;
            assertTrue(
                    transcript.confidence() > 0 && transcript.confidence() <= 1,
                    "confidence " + transcript.confidence());
            double previous = 0;
            for (SpeechRecognizer.TimedWord word : transcript.words()) {
                assertTrue(word.start() >= previous - 1e-9 && word.end() > word.start(), word.toString());
                assertTrue(word.end() <= 7.1, word.toString());
                previous = word.start();
            }
        }
        assertTrue(edits / words <= 0.5, "WER over both clips " + edits / words);
    }

    @Test
    void synthesisedSpeechIsTranscribed() throws IOException {
        String said = "the weather is cold and the river is frozen";
        Path voice = TestAudio.flite("weather", said);
        SpeechRecognizer.Transcript transcript = AudioModels.asr().transcribe(samples(voice));
        double wer = AudioModels.wer(said, transcript.text());
        assertTrue(wer <= 0.5, "'" + transcript.text() + "', WER " + wer);
    }

    /** A pooled decoder does not carry one call's cepstral mean into the next: after silence, speech is heard. */
    @Test
    void aDecoderThatHeardSilenceStillHearsTheNextSpeech() throws IOException {
        Sphinx4Recognizer fresh = new Sphinx4Recognizer(AudioModels.asr().manifest());
        fresh.preload(); // one decoder: both calls run on it
        assertEquals("", fresh.transcribe(new float[DecodedAudio.SAMPLE_RATE]).text());
        SpeechRecognizer.Transcript after = fresh.transcribe(samples(TestAudio.librivox("0880")));
        double wer = AudioModels.wer(TestAudio.transcript("0880"), after.text());
        assertTrue(wer <= 0.4, "'" + after.text() + "', WER " + wer);
    }

    /**
     * The manifest's {@code speech} beams are the decoder's: the narrowest search (one hypothesis a
     * frame, of the three Sphinx4 allows) loses the sentence that the committed beams find.
     */
    @Test
    void theManifestsBeamsReachTheDecoder() throws IOException {
        ModelManifest m = AudioModels.asr().manifest();
        ModelManifest narrow = new ModelManifest(
                m.id(),
                m.version(),
                m.family(),
                m.description(),
                m.license(),
                m.bundled(),
                m.files(),
                m.tensors(),
                m.text(),
                m.image(),
                m.clip(),
                m.ocr(),
                m.head(),
                new ModelManifest.SpeechSettings(3, 1.0, 3, 1.0, 64),
                m.batching(),
                m.dimension(),
                m.directory());
        float[] speech = samples(TestAudio.librivox("0880"));
        double committed = AudioModels.wer(
                TestAudio.transcript("0880"),
                AudioModels.asr().transcribe(speech).text());
        String heard = new Sphinx4Recognizer(narrow).transcribe(speech).text();
        double pruned = AudioModels.wer(TestAudio.transcript("0880"), heard);
        assertTrue(
                pruned >= committed + 0.3,
                "one hypothesis a frame heard '" + heard + "', WER " + pruned + " against " + committed);
    }

    /**
     * Each decoder holds its own copy of the model: more than half of the heap holds fails the
     * requests beside it with OutOfMemoryError (four recordings at once under -XX:MaxRAM=1g did), so
     * the heap admits the decoders and calls beyond them wait for one.
     */
    @Test
    void theHeapAdmitsTheDecodersAndCallsBeyondThemWaitForOne() throws Exception {
        ModelManifest manifest = AudioModels.asr().manifest();
        long decoder = manifest.speech().decoderHeapBytes();
        MemoryAccount account = MemoryAccount.of(3 * decoder);
        Sphinx4Recognizer one = new Sphinx4Recognizer(manifest, 3 * decoder, account); // half of it holds one
        assertEquals(1, one.maxDecoders());
        float[] speech = samples(TestAudio.flite("weather", "the weather is cold and the river is frozen"));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<SpeechRecognizer.Transcript>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(callers.submit(() -> one.transcribe(speech)));
            }
            for (Future<SpeechRecognizer.Transcript> call : calls) {
                assertTrue(call.get(5, TimeUnit.MINUTES).text().contains("river"), "each call is answered");
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, one.loaded(), "three calls at once, one decoder loaded");
        assertEquals(decoder, account.reserved(), "the decoder holds its heap in the memory account");
        one.close();
        assertEquals(0, account.reserved(), "and gives it back when the model closes");
        assertEquals(8, new Sphinx4Recognizer(manifest, 16 * decoder).maxDecoders());
    }

    @Test
    void aHeapThatCannotHoldOneDecoderRefusesTheModelSayingWhatItNeeds() {
        ModelManifest manifest = AudioModels.asr().manifest();
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new Sphinx4Recognizer(manifest, 256L * 1024 * 1024));
        assertTrue(refused.getMessage().contains("speech.decoderHeapMiB"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 512 MiB"), refused.getMessage());
        assertTrue(refused.getMessage().contains("heap is 256 MiB"), refused.getMessage());
    }

    /** A decode whose caller has gone or whose time is spent stops reading: it hears nothing more. */
    @Test
    void aSegmentStopsBeingReadOnceItsCallerSaysStop() throws IOException {
        float[] speech = samples(TestAudio.librivox("0880"));
        assertTrue(AudioModels.asr().transcribe(speech).words().size() > 5, "the clip has words");
        AtomicInteger asked = new AtomicInteger();
        SpeechRecognizer.Transcript stopped = AudioModels.asr().transcribe(speech, () -> asked.incrementAndGet() > 3);
        assertEquals(0, stopped.words().size(), "stopped after its first blocks: '" + stopped.text() + "'");
        assertTrue(asked.get() > 3, "the stop was asked as the audio was read");
    }

    @Test
    void silenceIsNoWords() {
        SpeechRecognizer.Transcript transcript = AudioModels.asr().transcribe(new float[DecodedAudio.SAMPLE_RATE]);
        assertEquals("", transcript.text());
        assertEquals(0, transcript.words().size());
    }

    private static float[] samples(Path wav) throws IOException {
        return DECODER.decode(Files.readAllBytes(wav), "audio").samples();
    }
}
