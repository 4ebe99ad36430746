package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param audio    base64, or a {@code data:audio/...;base64,} URI
 * @param audioUrl an http(s) address, under the same fetch policy as imageUrl (mmf.image.url.*)
 * @param model    a speech model id; mmf.audio.asr-model when absent
 * @param language the spoken language; only the model's own (en) is accepted
 * @param prompt   accepted for compatibility and not used: Sphinx4's decoder cannot be biased per request
 * @param phrases  words the user expects; refused (422) by a model that cannot be biased (Sphinx4)
 * @param words    each word with its times as well
 */
@ApiField("A recording to transcribe.")
public record TranscribeRequest(
        @ApiField("the recording (WAV, FLAC, MP3, Ogg/Opus, M4A/AAC, WebM, ...), base64 or a "
                + "data:audio/...;base64, URI; this or audioUrl; at most ${" + Keys.AUDIO_MAX_BYTES + "} bytes and "
                + "${" + Keys.AUDIO_MAX_SECONDS + "} s")
        String audio,

        @ApiField("an http(s) address to fetch the recording from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String audioUrl,

        @ApiField(value = "a speech model id", defaultFrom = Keys.AUDIO_ASR_MODEL)
        String model,

        @ApiField("the spoken language as ISO-639-1; the model's own (en) is the only one accepted")
        String language,

        @ApiField("text of the recording's context; accepted and not used, as the speech model cannot be "
                + "biased per request")
        String prompt,

        @ApiField("words you expect (names, products); refused with 422 by a speech model that cannot be "
                + "biased, as Sphinx4 cannot")
        List<String> phrases,

        @ApiField(value = "also give each word with its start and end", defaultValue = "false")
        Boolean words) {}
