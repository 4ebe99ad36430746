package dev.multimodal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.InputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real speech in every container users send, and the files that must be refused, each with its status. */
class AudioDecoderTest {

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.defaults());
    private static Path speech;
    private static float[] reference;

    @BeforeAll
    static void speech() throws IOException {
        speech = TestAudio.librivox("0870");
        reference = DECODER.decode(Files.readAllBytes(speech), "audio").samples();
    }

    @Test
    void wavAtSixteenKilohertzIsTheSamplesThemselves() throws IOException {
        byte[] wav = Files.readAllBytes(speech);
        DecodedAudio audio = DECODER.decode(wav, "audio");
        assertEquals("wav", audio.format());
        assertEquals("pcm_s16le", audio.codec());
        assertEquals(7.1, audio.seconds(), 0.01);
        // the WAV's own 16-bit samples, scaled to [-1, 1], untouched by the resampler
        short first = (short) ((wav[44] & 0xff) | (wav[45] << 8));
        int loudest = 0;
        for (int i = 0; i < 2000; i++) {
            short s = (short) ((wav[44 + 2 * i] & 0xff) | (wav[45 + 2 * i] << 8));
            loudest = Math.max(loudest, Math.abs(s));
        }
        assertEquals(first / 32768f, audio.samples()[0], 1e-6);
        assertTrue(loudest > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "speech.flac, flac, flac, '-c:a,flac'",
        "speech.mp3, mp3, mp3, '-c:a,libmp3lame,-b:a,64k'",
        "speech.ogg, ogg, opus, '-c:a,libopus,-b:a,32k'",
        "speech-vorbis.ogg, ogg, vorbis, '-c:a,libvorbis'",
        "speech.m4a, mov, aac, '-c:a,aac,-b:a,64k'",
        "speech.webm, matroska, opus, '-c:a,libopus'",
        "speech-44k-stereo.wav, wav, pcm_s16le, '-ar,44100,-ac,2'",
        "speech-48k.flac, flac, flac, '-ar,48000'",
    })
    void everyContainerDecodesToTheSameSpeech(String name, String format, String codec, String options)
            throws IOException {
        byte[] bytes = TestAudio.ffmpeg(speech, name, options.split(","));
        DecodedAudio audio = DECODER.decode(bytes, "audio");
        assertTrue(audio.format().contains(format), audio.format());
        assertEquals(codec, audio.codec());
        // lossy codecs pad or trim a few frames; the length is the speech's within 0.1 s
        assertEquals(7.1, audio.seconds(), 0.1, name);
        assertTrue(correlation(reference, audio.samples()) > 0.8, name + ": the decoded waveform is the speech's");
    }

    @Test
    void randomBytesAreNotAudio() {
        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        InputException e = assertThrows(InputException.class, () -> DECODER.decode(noise, "file"));
        assertEquals(InputException.Kind.UNSUPPORTED_TYPE, e.kind());
        assertEquals("file", e.field());
    }

    @Test
    void anImageIsNotAudio() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);
        InputException e = assertThrows(InputException.class, () -> DECODER.decode(png.toByteArray(), "audio"));
        assertEquals(InputException.Kind.UNSUPPORTED_TYPE, e.kind());
        assertTrue(e.getMessage().contains("not an audio container"), e.getMessage());
    }

    @Test
    void aTruncatedWavIsRefusedAsTruncated() throws IOException {
        byte[] wav = Files.readAllBytes(speech);
        InputException e =
                assertThrows(InputException.class, () -> DECODER.decode(Arrays.copyOf(wav, wav.length / 2), "audio"));
        assertEquals(InputException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aTruncatedM4aIsRefusedAsCorrupt() throws IOException {
        byte[] m4a = TestAudio.ffmpeg(speech, "cut.m4a", "-c:a", "aac");
        InputException e = assertThrows(
                InputException.class, () -> DECODER.decode(Arrays.copyOf(m4a, m4a.length * 2 / 3), "audio"));
        assertEquals(InputException.Kind.MALFORMED, e.kind());
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        InputException e = assertThrows(InputException.class, () -> DECODER.decode(new byte[0], "audio"));
        assertEquals(InputException.Kind.MALFORMED, e.kind());
    }

    @Test
    void bytesOverTheLimitAreRefusedBeforeAnythingIsRead() throws IOException {
        AudioDecoder small = new AudioDecoder(new AudioLimits(1000, 600, 192_000, 8));
        InputException e = assertThrows(InputException.class, () -> small.decode(Files.readAllBytes(speech), "audio"));
        assertEquals(InputException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("mmf.audio.max-bytes"), e.getMessage());
    }

    @Test
    void aDeclaredDurationOverTheLimitIsRefusedBeforeDecoding() throws IOException {
        AudioDecoder short5 = new AudioDecoder(new AudioLimits(25_000_000, 5, 192_000, 8));
        InputException e = assertThrows(InputException.class, () -> short5.decode(Files.readAllBytes(speech), "audio"));
        assertEquals(InputException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("as its container declares"), e.getMessage());
    }

    @Test
    void sampleRateAndChannelsOverTheLimitsAreRefused() throws IOException {
        byte[] stereo48k = TestAudio.ffmpeg(speech, "limits.wav", "-ar", "48000", "-ac", "2");
        InputException rate = assertThrows(
                InputException.class,
                () -> new AudioDecoder(new AudioLimits(25_000_000, 600, 44_100, 8)).decode(stereo48k, "audio"));
        assertTrue(rate.getMessage().contains("mmf.audio.max-sample-rate"), rate.getMessage());
        InputException channels = assertThrows(
                InputException.class,
                () -> new AudioDecoder(new AudioLimits(25_000_000, 600, 192_000, 1)).decode(stereo48k, "audio"));
        assertTrue(channels.getMessage().contains("mmf.audio.max-channels"), channels.getMessage());
    }

    /**
     * An MP3 whose Info header says 20 frames (0.7 s) but which holds 43 s of speech: the declared
     * length passes, and the decoded samples are counted until the limit stops them.
     */
    @Test
    void aFileThatLiesAboutItsLengthIsStoppedAtTheLimit() throws IOException {
        byte[] mp3 = TestAudio.ffmpeg(
                speech, "long.mp3", "-filter:a", "aloop=loop=5:size=113600", "-c:a", "libmp3lame", "-b:a", "32k");
        int info = indexOf(mp3, "Info".getBytes());
        assertTrue(info > 0, "LAME writes an Info header into a CBR MP3");
        mp3[info + 8] = 0;
        mp3[info + 9] = 0;
        mp3[info + 10] = 0;
        mp3[info + 11] = 20;
        AudioDecoder tenSeconds = new AudioDecoder(new AudioLimits(25_000_000, 10, 192_000, 8));
        InputException e = assertThrows(InputException.class, () -> tenSeconds.decode(mp3, "audio"));
        assertEquals(InputException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("decodes to more than 10 s"), e.getMessage());
        // the same file within a larger limit decodes whole: the header's 0.7 s was a lie
        assertTrue(DECODER.decode(mp3, "audio").seconds() > 40);
    }

    /**
     * 26 KB of FLAC that decodes to three hours of silence. Declared, it is refused from the header;
     * with its STREAMINFO's sample count cleared (FLAC's "unknown"), the count of decoded samples
     * stops it at the limit, long before three hours are decoded.
     */
    @Test
    void aTinyFileOfHoursOfSilenceIsRefused() throws IOException {
        byte[] flac = TestAudio.resource("silence-3h-8k.flac");
        assertTrue(flac.length < 100_000);
        InputException declared = assertThrows(InputException.class, () -> DECODER.decode(flac, "audio"));
        assertTrue(declared.getMessage().contains("10800.0 s as its container declares"), declared.getMessage());
        byte[] undeclared = flac.clone();
        undeclared[8 + 13] &= (byte) 0xF0; // STREAMINFO's 36-bit total samples: 0, unknown
        Arrays.fill(undeclared, 8 + 14, 8 + 18, (byte) 0);
        InputException counted = assertThrows(InputException.class, () -> DECODER.decode(undeclared, "audio"));
        assertEquals(InputException.Kind.TOO_LARGE, counted.kind());
        assertTrue(counted.getMessage().contains("decodes to more than 600 s"), counted.getMessage());
    }

    private static double correlation(float[] a, float[] b) {
        int n = Math.min(a.length, b.length);
        // lossy codecs delay the signal by up to a frame: the best of small shifts
        double best = 0;
        for (int shift = -1200; shift <= 1200; shift += 4) {
            double ab = 0, aa = 0, bb = 0;
            for (int i = Math.max(0, -shift); i < n && i + shift < n; i++) {
                if (i + shift < 0) {
                    continue;
                }
                ab += a[i] * b[i + shift];
                aa += a[i] * a[i];
                bb += b[i + shift] * b[i + shift];
            }
            best = Math.max(best, ab / Math.sqrt(aa * bb + 1e-12));
        }
        return best;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The samples a recording will decode to are admitted from its header, before any is decoded. */
    @Test
    void theSamplesAreAdmittedFromTheDeclaredDurationBeforeDecoding() throws Exception {
        byte[] flac = TestAudio.ffmpeg(TestAudio.librivox("0880"), "admitted.flac", "-c:a", "flac");
        AudioDecoder decoder = new AudioDecoder(new AudioLimits(10_000_000, 600, 192_000, 8));
        AtomicLong asked = new AtomicLong();
        DecodedAudio audio = decoder.decode(flac, "audio", (samples, field) -> asked.set(samples));
        assertTrue(
                Math.abs(asked.get() - audio.samples().length) <= DecodedAudio.SAMPLE_RATE / 10,
                "asked for " + asked.get() + ", decoded " + audio.samples().length);
        InputException refused = assertThrows(
                InputException.class,
                () -> decoder.decode(flac, "audio", (samples, field) -> {
                    throw InputException.unavailable(field, "no room for " + samples + " samples");
                }));
        assertTrue(refused.getMessage().startsWith("no room for "), refused.getMessage());
    }
}
