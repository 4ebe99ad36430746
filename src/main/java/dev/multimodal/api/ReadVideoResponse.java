package dev.multimodal.api;

import java.util.List;

/**
 * What a clip shows and says: its shots in time order with the text on screen (shots in a row that
 * show the same text are one entry), the transcript of its sound, and all the on-screen text.
 */
@ApiField("The text on screen shot by shot, and the transcript of the sound.")
public record ReadVideoResponse(
        @ApiField("the ocr model that read the keyframes") String model,
        String version,

        @ApiField("the speech model of the transcript; null when the clip has no sound")
        String speechModel,

        @ApiField("the clip's length in seconds, as decoded")
        double duration,

        int width,
        int height,

        @ApiField("frames per second, as the stream declares it; 0 when it declares none")
        double fps,

        @ApiField("the shots in time order; shots in a row showing the same text are merged into one entry")
        List<Shot> shots,

        @ApiField("what is said in the clip; empty when it has no sound or no speech")
        String transcript,

        @ApiField("the shots' texts in time order, one shot's by a blank line from the next")
        String text) {

    public record Shot(
            @ApiField("its start, in seconds from the clip's start")
            double start,

            @ApiField("its end, in seconds") double end,

            @ApiField("when the keyframe that was read was taken, in seconds")
            double keyframe,

            @ApiField("the text read in the keyframe") String text,

            @ApiField("the lines read, in reading order, in the keyframe's pixels")
            List<ReadTextResponse.Line> lines,

            @ApiField("the keyframe as a small JPEG (data:image/jpeg;base64,...), when the request asked for "
                    + "keyframes; null otherwise")
            String keyframeImage) {}
}
