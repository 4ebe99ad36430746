package dev.multimodal.api;

import dev.multimodal.settings.Keys;

/**
 * @param audio    base64, or a {@code data:audio/...;base64,} URI
 * @param audioUrl an http(s) address, under the same fetch policy as imageUrl (mmf.image.url.*)
 * @param model    {@code asr-text} (the only audio encoder so far), the default
 */
@ApiField("A recording to encode into a vector.")
public record EncodeAudioRequest(
        @ApiField("the recording (WAV, FLAC, MP3, Ogg/Opus, M4A/AAC, WebM, ...), base64 or a "
                + "data:audio/...;base64, URI; this or audioUrl; at most ${" + Keys.AUDIO_MAX_BYTES + "} bytes and "
                + "${" + Keys.AUDIO_MAX_SECONDS + "} s")
        String audio,

        @ApiField("an http(s) address to fetch the recording from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String audioUrl,

        @ApiField(
                value = "the audio encoder: asr-text, the transcript in the default text model's space",
                defaultValue = "\"asr-text\"")
        String model) {}
