package io.github.logoformer.torchfile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;

/** A tensor's contiguous little-endian bytes, as the tests compare them with PyTorch's. */
final class TensorBytes {
    private TensorBytes() {}

    static byte[] of(Tensor tensor) {
        Tensor contiguous = tensor.contiguous();
        byte[] bytes = new byte[(int) contiguous.nbytes()];
        if (bytes.length > 0) {
            new BytePointer(contiguous.data_ptr()).capacity(bytes.length).get(bytes);
        }
        return bytes;
    }

    static String sha256(Tensor tensor) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(of(tensor)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
