package dev.multimodal.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Every buffer handed to ONNX Runtime is made here: direct, so a tensor can wrap it without a copy,
 * and in the platform's byte order, which is the order ONNX Runtime reads.
 */
public final class DirectBuffers {

    private DirectBuffers() {}

    public static ByteBuffer bytes(int count) {
        return ByteBuffer.allocateDirect(count).order(ByteOrder.nativeOrder());
    }

    public static FloatBuffer floats(int count) {
        return bytes(Math.multiplyExact(count, Float.BYTES)).asFloatBuffer();
    }

    public static LongBuffer longs(int count) {
        return bytes(Math.multiplyExact(count, Long.BYTES)).asLongBuffer();
    }
}
