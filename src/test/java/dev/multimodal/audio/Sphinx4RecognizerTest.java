package dev.multimodal.audio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sphinx4 on LibriVox speech and on flite's voice: the words said, within a word error bound. */
class Sphinx4RecognizerTest {

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.defaults());

    @Test
    void readSpeechIsTranscribedWithinTheErrorBound() throws IOException {
        for (String clip : new String[] {"0880", "0930"}) {
            SpeechRecognizer.Transcript transcript = AudioModels.asr().transcribe(samples(TestAudio.librivox(clip)));
            double wer = AudioModels.wer(TestAudio.transcript(clip), transcript.text());
            assertTrue(wer <= 0.4, clip + ": '" + transcript.text() + "' against '" + TestAudio.transcript(clip)
                    + "', WER " + wer);
            assertTrue(transcript.confidence() > 0 && transcript.confidence() <= 1, "confidence "
                    + transcript.confidence());
            double previous = 0;
            for (SpeechRecognizer.TimedWord word : transcript.words()) {
                assertTrue(word.start() >= previous - 1e-9 && word.end() > word.start(), word.toString());
                assertTrue(word.end() <= 7.1, word.toString());
                previous = word.start();
            }
        }
    }

    @Test
    void synthesisedSpeechIsTranscribed() throws IOException {
        String said = "the weather is cold and the river is frozen";
        Path voice = TestAudio.flite("weather", said);
        SpeechRecognizer.Transcript transcript = AudioModels.asr().transcribe(samples(voice));
        double wer = AudioModels.wer(said, transcript.text());
        assertTrue(wer <= 0.5, "'" + transcript.text() + "', WER " + wer);
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
