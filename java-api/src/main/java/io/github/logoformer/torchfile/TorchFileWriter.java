package io.github.logoformer.torchfile;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes named tensors as a state dict in {@code torch.save}'s zip format: an {@code OrderedDict} of
 * tensors, as {@code torch.save(model.state_dict(), f)} writes it, which {@code torch.load} reads (also
 * with {@code weights_only=True}) into plain CPU tensors. Each tensor gets a storage of its own, written
 * contiguously; records are uncompressed and start at multiples of 64 bytes, as PyTorch writes them
 * (its memory-mapped loading hands out pointers into the file). The bytes depend only on the tensors.
 */
public final class TorchFileWriter {
    private static final String FOLDER = "archive/";
    private static final int ALIGNMENT = 64;
    private static final int COPY_CHUNK = 1 << 20;
    /** 1980-01-01 12:00, a DOS time: java.util.zip then adds no timestamp field, and files are reproducible. */
    private static final long FIXED_TIME = 315_532_800_000L + 12 * 3_600_000L;

    private TorchFileWriter() {}

    /**
     * Writes {@code tensors} (CPU or GPU, any layout, in this order) to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException for a dtype no PyTorch storage holds here; the message names the tensor
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors) {
        List<Tensor> storages = new ArrayList<>();
        PickleWriter pickle = new PickleWriter();
        pickle.global("collections", "OrderedDict");
        pickle.emptyTuple();
        pickle.reduce();
        pickle.mark();
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue().cpu().contiguous();
            StorageType type;
            try {
                type = StorageType.of(tensor.scalar_type());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry.getKey() + "': " + e.getMessage(), e);
            }
            pickle.string(entry.getKey());
            writeTensor(pickle, type, Integer.toString(storages.size()), tensor);
            storages.add(tensor);
        }
        pickle.setItems();
        byte[] data = pickle.finish();
        try (CountingStream counted = new CountingStream(Files.newOutputStream(file));
                ZipOutputStream zip = new ZipOutputStream(counted)) {
            zip.setMethod(ZipOutputStream.STORED);
            putBytes(zip, counted, FOLDER + "data.pkl", data);
            putBytes(zip, counted, FOLDER + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                putTensor(zip, counted, FOLDER + "data/" + i, storages.get(i));
            }
            putBytes(zip, counted, FOLDER + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, 0, sizes, strides, False, OrderedDict())}, the storage
     * being the persistent id {@code ('storage', torch.<Type>Storage, key, 'cpu', elements)}.
     */
    private static void writeTensor(PickleWriter pickle, StorageType type, String key, Tensor contiguous) {
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.mark();
        pickle.mark();
        pickle.string("storage");
        pickle.global("torch", type.pythonName());
        pickle.string(key);
        pickle.string("cpu");
        pickle.integer(contiguous.numel());
        pickle.tuple();
        pickle.persistentId();
        pickle.integer(0);
        pickle.integers(contiguous.sizes().vec().get());
        pickle.integers(contiguous.strides().vec().get());
        pickle.bool(false);
        pickle.global("collections", "OrderedDict");
        pickle.emptyTuple();
        pickle.reduce();
        pickle.tuple();
        pickle.reduce();
    }

    private static void putBytes(ZipOutputStream zip, CountingStream counted, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        zip.putNextEntry(alignedEntry(counted.count, name, bytes.length, crc.getValue()));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** A stored entry of one tensor's bytes: its CRC first (the local header needs it), then the bytes. */
    private static void putTensor(ZipOutputStream zip, CountingStream counted, String name, Tensor contiguous)
            throws IOException {
        long bytes = contiguous.nbytes();
        BytePointer memory = bytes == 0 ? null : new BytePointer(contiguous.data_ptr()).capacity(bytes);
        byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, Math.max(bytes, 1))];
        CRC32 crc = new CRC32();
        for (long done = 0; done < bytes; done += chunk.length) {
            int length = (int) Math.min(chunk.length, bytes - done);
            memory.position(done).get(chunk, 0, length);
            crc.update(chunk, 0, length);
        }
        zip.putNextEntry(alignedEntry(counted.count, name, bytes, crc.getValue()));
        for (long done = 0; done < bytes; done += chunk.length) {
            int length = (int) Math.min(chunk.length, bytes - done);
            memory.position(done).get(chunk, 0, length);
            zip.write(chunk, 0, length);
        }
        zip.closeEntry();
    }

    /**
     * A stored entry whose data starts at a multiple of {@link #ALIGNMENT}: the local header (30 bytes and
     * the name) is followed by a padding extra field ("FB", the id PyTorch's writer uses).
     */
    private static ZipEntry alignedEntry(long offset, String name, long size, long crc) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        entry.setTime(FIXED_TIME);
        long dataWithoutPadding = offset + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int padding = (int) ((ALIGNMENT - dataWithoutPadding % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + padding];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) padding;
        extra[3] = (byte) (padding >>> 8);
        entry.setExtra(extra);
        return entry;
    }

    /** Counts the bytes written, so that each entry knows where its data will start. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
