package dev.multimodal.api;

import java.util.List;

/** What was said: the whole text, its speech segments, and each word's times when asked. */
@ApiField("What was said in the recording.")
public record TranscribeResponse(
        String model,
        String version,
        @ApiField("the spoken language") String language,
        @ApiField("the recording's length in seconds") double duration,
        @ApiField("the segments' texts joined by a space") String text,

        @ApiField("the stretches of speech the voice activity model found, in order; "
                + "silence between them is skipped")
        List<Segment> segments,

        @ApiField("each word with its times, when the request asked for words; " + "absent otherwise")
        List<Word> words) {

    /**
     * @param confidence the mean posterior of the segment's words, 0 to 1
     */
    public record Segment(
            @ApiField("its index, from 0") int id,

            @ApiField("its start in seconds from the recording's start")
            double start,

            @ApiField("its end in seconds") double end,
            String text,

            @ApiField("the mean posterior probability of its words, 0 to 1; 0 when none")
            double confidence) {}

    public record Word(
            String word,

            @ApiField("its start in seconds from the recording's start")
            double start,

            @ApiField("its end in seconds") double end) {}
}
