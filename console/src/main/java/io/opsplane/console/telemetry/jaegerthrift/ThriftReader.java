package io.opsplane.console.telemetry.jaegerthrift;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Thrift's binary protocol (TBinaryProtocol), read from a byte array with every length checked against what is
 * left of it: a list that claims a million elements in a hundred bytes is refused before anything is allocated,
 * and unknown fields are skipped by type to a bounded depth. Errors are {@link IllegalArgumentException}s saying
 * where the body went wrong.
 */
final class ThriftReader {

    static final byte STOP = 0;
    static final byte BOOL = 2;
    static final byte BYTE = 3;
    static final byte DOUBLE = 4;
    static final byte I16 = 6;
    static final byte I32 = 8;
    static final byte I64 = 10;
    static final byte STRING = 11;
    static final byte STRUCT = 12;
    static final byte MAP = 13;
    static final byte SET = 14;
    static final byte LIST = 15;
    /** Deeper than any of jaeger.thrift's structures nests; beyond it a body is refused rather than recursed into. */
    private static final int MAX_SKIP_DEPTH = 16;

    private final byte[] bytes;
    private int position;

    ThriftReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A field's header: its type, and its id (ignored for STOP). */
    record Field(byte type, short id) {
        boolean stop() {
            return type == STOP;
        }
    }

    Field field() {
        byte type = readByte();
        return type == STOP ? new Field(STOP, (short) 0) : new Field(type, readI16());
    }

    /** A list's element type and size, the size checked against the bytes left at one byte per element at least. */
    int listSize(byte expectedElementType, String what) {
        byte elementType = readByte();
        int size = readI32();
        if (elementType != expectedElementType) {
            throw new IllegalArgumentException(what + ": a list of type " + elementType + ", not " + expectedElementType);
        }
        if (size < 0 || size > remaining()) {
            throw new IllegalArgumentException(what + ": a list of " + size + " elements in " + remaining()
                    + " bytes left");
        }
        return size;
    }

    boolean readBool() {
        return readByte() != 0;
    }

    byte readByte() {
        need(1);
        return bytes[position++];
    }

    short readI16() {
        need(2);
        short value = (short) (((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff));
        position += 2;
        return value;
    }

    int readI32() {
        need(4);
        int value = ByteBuffer.wrap(bytes, position, 4).getInt();
        position += 4;
        return value;
    }

    long readI64() {
        need(8);
        long value = ByteBuffer.wrap(bytes, position, 8).getLong();
        position += 8;
        return value;
    }

    double readDouble() {
        return Double.longBitsToDouble(readI64());
    }

    byte[] readBinary() {
        int length = readI32();
        if (length < 0 || length > remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes in " + remaining() + " bytes left");
        }
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    String readString() {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(readBinary())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string that is not UTF-8");
        }
    }

    /** Skips a value of {@code type} that this reader does not want. */
    void skip(byte type) {
        skip(type, 0);
    }

    private void skip(byte type, int depth) {
        if (depth > MAX_SKIP_DEPTH) {
            throw new IllegalArgumentException("structures nested deeper than " + MAX_SKIP_DEPTH);
        }
        switch (type) {
            case BOOL, BYTE -> advance(1);
            case I16 -> advance(2);
            case I32 -> advance(4);
            case DOUBLE, I64 -> advance(8);
            case STRING -> {
                int length = readI32();
                if (length < 0) {
                    throw new IllegalArgumentException("a string of " + length + " bytes");
                }
                advance(length);
            }
            case STRUCT -> {
                for (Field field = field(); !field.stop(); field = field()) {
                    skip(field.type(), depth + 1);
                }
            }
            case MAP -> {
                byte keyType = readByte();
                byte valueType = readByte();
                int size = readI32();
                if (size < 0 || size > remaining()) {
                    throw new IllegalArgumentException("a map of " + size + " entries in " + remaining() + " bytes left");
                }
                for (int i = 0; i < size; i++) {
                    skip(keyType, depth + 1);
                    skip(valueType, depth + 1);
                }
            }
            case SET, LIST -> {
                byte elementType = readByte();
                int size = readI32();
                if (size < 0 || size > remaining()) {
                    throw new IllegalArgumentException("a list of " + size + " elements in " + remaining()
                            + " bytes left");
                }
                for (int i = 0; i < size; i++) {
                    skip(elementType, depth + 1);
                }
            }
            default -> throw new IllegalArgumentException("an unknown Thrift type " + type + " at byte " + position);
        }
    }

    boolean atEnd() {
        return position >= bytes.length;
    }

    private int remaining() {
        return bytes.length - position;
    }

    private void advance(int count) {
        need(count);
        position += count;
    }

    private void need(int count) {
        if (count > remaining()) {
            throw new IllegalArgumentException("the body ends in the middle of a value (at byte " + position + " of "
                    + bytes.length + ")");
        }
    }
}
