package dev.multimodal.audio;

import java.io.ByteArrayInputStream;
import java.util.function.BooleanSupplier;

/**
 * A segment's PCM as the decoder's front end reads it, block by block, that ends early once
 * {@code stop} says so: Sphinx4 then finishes the utterance with the frames it has, in the time of a
 * frame or two instead of the rest of the segment.
 */
final class StoppableInput extends ByteArrayInputStream {

    private final BooleanSupplier stop;

    StoppableInput(byte[] pcm, BooleanSupplier stop) {
        super(pcm);
        this.stop = stop;
    }

    @Override
    public synchronized int read() {
        return stop.getAsBoolean() ? -1 : super.read();
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) {
        return stop.getAsBoolean() ? -1 : super.read(into, offset, length);
    }
}
