package io.github.logoformer.torchfile;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The few pickle opcodes a state dict needs, protocol 2 as {@code torch.save} writes it, and only those
 * that the restricted unpickler of {@code torch.load(weights_only=True)} accepts (PyTorch 1.13 and 2.x:
 * no BINFLOAT, no protocol-4 framing). Without memo entries: each global is written where it is used.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80);  // PROTO 2
        out.write(2);
    }

    byte[] finish() {
        out.write('.');  // STOP
        return out.toByteArray();
    }

    void mark() {
        out.write('(');
    }

    void emptyTuple() {
        out.write(')');
    }

    /** TUPLE: everything since the last mark. */
    void tuple() {
        out.write('t');
    }

    /** REDUCE: calls the callable below the top of the stack with the tuple on top. */
    void reduce() {
        out.write('R');
    }

    /** SETITEMS: key/value pairs since the last mark into the dict below them. */
    void setItems() {
        out.write('u');
    }

    /** BINPERSID: the tuple on top is a persistent id. */
    void persistentId() {
        out.write('Q');
    }

    void bool(boolean value) {
        out.write(value ? 0x88 : 0x89);
    }

    void global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write('X');  // BINUNICODE
        littleEndian32(bytes.length);
        out.writeBytes(bytes);
    }

    void integer(long value) {
        if (value >= 0 && value < 256) {
            out.write('K');  // BININT1
            out.write((int) value);
        } else if (value >= 0 && value < 65536) {
            out.write('M');  // BININT2
            out.write((int) value & 0xff);
            out.write((int) (value >>> 8));
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write('J');  // BININT
            littleEndian32((int) value);
        } else {
            byte[] bigEndian = BigInteger.valueOf(value).toByteArray();
            out.write(0x8a);  // LONG1: little-endian two's complement
            out.write(bigEndian.length);
            for (int i = bigEndian.length - 1; i >= 0; i--) {
                out.write(bigEndian[i]);
            }
        }
    }

    /** A tuple of integers (sizes, strides). */
    void integers(long[] values) {
        mark();
        for (long value : values) {
            integer(value);
        }
        tuple();
    }

    private void littleEndian32(int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
