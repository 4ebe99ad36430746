package dev.multimodal.api;

/** @param index the caption's position in the request; rank 1 is the best */
public record CaptionScore(int index, String caption, double cosine, double probability, int rank) {}
