package dev.multimodal.gateway;

import dev.multimodal.api.TranscribeResponse;
import java.util.List;
import java.util.Locale;

/** A transcript's segments as SubRip (srt) and WebVTT cues; segments without text are left out. */
final class Subtitles {

    private Subtitles() {}

    static String srt(List<TranscribeResponse.Segment> segments) {
        StringBuilder out = new StringBuilder();
        int cue = 1;
        for (TranscribeResponse.Segment s : segments) {
            if (s.text().isEmpty()) {
                continue;
            }
            out.append(cue++)
                    .append('\n')
                    .append(time(s.start(), ','))
                    .append(" --> ")
                    .append(time(s.end(), ','))
                    .append('\n')
                    .append(s.text())
                    .append("\n\n");
        }
        return out.toString();
    }

    static String vtt(List<TranscribeResponse.Segment> segments) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (TranscribeResponse.Segment s : segments) {
            if (s.text().isEmpty()) {
                continue;
            }
            out.append(time(s.start(), '.'))
                    .append(" --> ")
                    .append(time(s.end(), '.'))
                    .append('\n')
                    .append(s.text())
                    .append("\n\n");
        }
        return out.toString();
    }

    /** hh:mm:ss,mmm (srt) or hh:mm:ss.mmm (vtt). */
    static String time(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d%c%03d",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                separator,
                ms % 1000);
    }
}
