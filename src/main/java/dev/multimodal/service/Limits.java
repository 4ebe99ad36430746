package dev.multimodal.service;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * Every request limit, in one place, built once from configuration, and the checks that apply
 * them. Each use case checks its input here, so a function, its CloudEvent, its chain step, the
 * gateway and OIP refuse the same input with the same kind of error and the same words.
 *
 * @param maxTexts          texts per encode-text request ({@code mmf.text.max-texts})
 * @param maxTextChars      characters per text, caption, label, summary or fused text ({@code mmf.text.max-chars})
 * @param maxCaptions       captions or labels per request ({@code mmf.scoring.max-captions})
 * @param maxSummaries      candidate summaries per request ({@code mmf.scoring.max-summaries})
 * @param maxDocumentChars  characters of a document to score summaries against ({@code mmf.scoring.max-document-chars})
 * @param maxParts          parts per fuse request ({@code mmf.fusion.max-parts})
 */
public record Limits(
        int maxTexts, int maxTextChars, int maxCaptions, int maxSummaries, int maxDocumentChars, int maxParts) {

    public static Limits from(MmfConfig config) {
        return new Limits(
                config.text().maxTexts(),
                config.text().maxChars(),
                config.scoring().maxCaptions(),
                config.scoring().maxSummaries(),
                config.scoring().maxDocumentChars(),
                config.fusion().maxParts());
    }

    /** 1 to {@code max} non-blank strings, each of at most {@link #maxTextChars} characters. */
    public List<String> strings(String field, List<String> items, int max, String setting) {
        if (items == null) {
            throw InputException.badRequest(field, field + " is required: a list of 1 to " + max + " strings");
        }
        if (items.isEmpty()) {
            throw InputException.badRequest(field, field + " is empty: send 1 to " + max + " strings");
        }
        if (items.size() > max) {
            throw InputException.tooLarge(
                    field, field + " has " + items.size() + " items; the limit is " + max + " (" + setting + ")");
        }
        for (int i = 0; i < items.size(); i++) {
            text(field + "[" + i + "]", items.get(i));
        }
        return items;
    }

    /** One non-blank string of at most {@link #maxTextChars} characters. */
    public String text(String field, String text) {
        if (text == null) {
            throw InputException.badRequest(field, field + " is missing: it must be a string");
        }
        if (text.isBlank()) {
            throw InputException.badRequest(field, field + " is empty: it needs at least one non-space character");
        }
        if (text.length() > maxTextChars) {
            throw InputException.tooLarge(
                    field,
                    field + " has " + text.length() + " characters; the limit is " + maxTextChars + " ("
                            + Keys.TEXT_MAX_CHARS + ")");
        }
        return text;
    }

    public List<String> texts(String field, List<String> texts) {
        return strings(field, texts, maxTexts, Keys.TEXT_MAX_TEXTS);
    }

    public List<String> captions(String field, List<String> captions) {
        return strings(field, captions, maxCaptions, Keys.SCORING_MAX_CAPTIONS);
    }

    public List<String> summaries(String field, List<String> summaries) {
        return strings(field, summaries, maxSummaries, Keys.SCORING_MAX_SUMMARIES);
    }

    /** A document to score against: non-blank, at most {@link #maxDocumentChars} characters. */
    public String document(String field, String document) {
        if (document == null || document.isBlank()) {
            throw InputException.badRequest(
                    field, field + " is required: the text to summarise, up to " + maxDocumentChars + " characters");
        }
        if (document.length() > maxDocumentChars) {
            throw InputException.tooLarge(
                    field,
                    field + " has " + document.length() + " characters; the limit is " + maxDocumentChars + " ("
                            + Keys.SCORING_MAX_DOCUMENT_CHARS + ")");
        }
        return document;
    }

    /** The number of fusion parts: 1 to {@link #maxParts}. */
    public <T> List<T> parts(String field, List<T> parts) {
        if (parts == null) {
            throw InputException.badRequest(
                    field,
                    field + " is required: 1 to " + maxParts
                            + " parts, each a vector with its space, a text or an image");
        }
        if (parts.isEmpty()) {
            throw InputException.unprocessable(
                    field, field + " is empty: there is nothing to fuse; send 1 to " + maxParts + " parts");
        }
        if (parts.size() > maxParts) {
            throw InputException.tooLarge(
                    field,
                    field + " has " + parts.size() + " items; the limit is " + maxParts + " (" + Keys.FUSION_MAX_PARTS
                            + ")");
        }
        return parts;
    }
}
