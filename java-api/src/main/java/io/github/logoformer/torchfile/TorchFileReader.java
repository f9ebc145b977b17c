package io.github.logoformer.torchfile;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Reads a {@code torch.save} file into Java values: dicts as ordered {@link Map}s, lists, tuples as
 * {@code Object[]}, strings, numbers, booleans, null, CPU {@link Tensor}s and, for classes it does not
 * know, {@link PythonObject}s. Both formats: the zip archive of PyTorch 1.6 and later ({@code data.pkl}
 * plus one record per storage) and the older sequence of pickles followed by the raw storages.
 *
 * <p>Nothing in the file is executed: the pickle's globals are matched against a fixed list. Tensors
 * saved as views of one storage come back as views of one LibTorch storage (clone them for independent
 * copies); tensors saved on a GPU come back on the CPU. Every storage's size is checked against what the
 * pickle says and, in a zip archive, against its CRC-32 (PyTorch checks neither).
 */
public final class TorchFileReader {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_PROTOCOL = 1001;
    private static final int COPY_CHUNK = 1 << 20;

    private final Path file;
    private final Map<String, StorageRecord> storages = new LinkedHashMap<>();

    private TorchFileReader(Path file) {
        this.file = file;
    }

    /**
     * The object {@code torch.save} wrote into {@code file}.
     *
     * @throws TorchFileException naming the file when it cannot be read, is no {@code torch.save} file, is
     *     damaged or truncated, or holds tensors of a kind LibTorch tensors cannot take here
     */
    public static Object read(Path file) {
        byte[] head = new byte[512];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new TorchFileException(file, "no such file");
        } catch (IOException e) {
            throw new TorchFileException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        TorchFileReader reader = new TorchFileReader(file);
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return reader.readZip();
        }
        if (length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return reader.readLegacy();
        }
        throw new TorchFileException(file, "not a torch.save file: " + whatItIs(head, length));
    }

    private static String whatItIs(byte[] head, int length) {
        if (length == 0) {
            return "the file is empty";
        }
        if (length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return "a tar archive (PyTorch before 0.4 wrote those; load and re-save it with a newer PyTorch)";
        }
        if (length >= 9 && head[8] == '{') {
            return "it looks like a safetensors file, which this reader does not take";
        }
        return "neither a zip archive (PyTorch 1.6+) nor a pickle (older PyTorch)";
    }

    // The zip format: <folder>/data.pkl, <folder>/data/<key> per storage, <folder>/version.

    private Object readZip() {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String folder = folderOf(zip);
            if (zip.getEntry(folder + "constants.pkl") != null) {
                throw new TorchFileException(file, "a TorchScript archive (torch.jit.save), not a torch.save file;"
                        + " save the model's state_dict() with torch.save instead");
            }
            ZipEntry pickle = zip.getEntry(folder + "data.pkl");
            if (pickle == null) {
                throw new TorchFileException(file, "a zip archive without " + folder + "data.pkl: not a torch.save file");
            }
            ZipEntry order = zip.getEntry(folder + "byteorder");
            if (order != null) {
                String value = new String(zip.getInputStream(order).readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!value.equals("little")) {
                    throw new TorchFileException(file, "byte order '" + value + "' is not supported (only little-endian)");
                }
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(pickle)) {
                bytes = in.readAllBytes();
            }
            Object root = unpickle(new ByteArrayInputStream(bytes), folder + "data.pkl");
            for (StorageRecord storage : storages.values()) {
                if (storage.root == null) {
                    storage.data = readRecord(zip, folder + "data/" + storage.key, storage);
                }
            }
            return materialize(root);
        } catch (ZipException e) {
            throw new TorchFileException(file, "a damaged or truncated zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new TorchFileException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The archive's one folder: torch writes every entry under the file's stem (torch.load reads any name). */
    private String folderOf(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        if (!entries.hasMoreElements()) {
            throw new TorchFileException(file, "an empty zip archive: not a torch.save file");
        }
        String first = entries.nextElement().getName();
        int slash = first.indexOf('/');
        if (slash < 0) {
            throw new TorchFileException(file, "a zip archive whose entry '" + first + "' is not in a folder: not a"
                    + " torch.save file");
        }
        return first.substring(0, slash + 1);
    }

    private Tensor readRecord(ZipFile zip, String name, StorageRecord storage) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new TorchFileException(file, "storage record " + name + " is missing");
        }
        if (entry.getSize() != storage.bytes()) {
            throw new TorchFileException(file, "storage record " + name + " holds " + entry.getSize()
                    + " bytes, the pickle says " + storage.bytes() + " (" + storage.elements + " x "
                    + storage.type.dtypeName() + ")");
        }
        CRC32 crc = new CRC32();
        Tensor data;
        try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
            data = readStorage(in, storage, name);
        }
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new TorchFileException(file, "storage record " + name + " is damaged (its CRC-32 does not match)");
        }
        return data;
    }

    // The legacy format: pickles of the magic number, the protocol version, the system's sizes, the object
    // and the list of storage keys, then per key an int64 element count and the raw bytes.

    private Object readLegacy() {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Object magic = unpickle(in, "the magic number");
            if (!(magic instanceof Number value) || !LEGACY_MAGIC.equals(new BigInteger(value.toString()))) {
                throw new TorchFileException(file, "a pickle, but not one torch.save wrote (no torch magic number)");
            }
            Object protocol = unpickle(in, "the protocol version");
            if (!(protocol instanceof Number version) || version.intValue() != LEGACY_PROTOCOL) {
                throw new TorchFileException(file, "legacy torch.save protocol " + protocol + " is not supported");
            }
            Object system = unpickle(in, "the system information");
            if (system instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new TorchFileException(file, "written on a big-endian machine: not supported");
            }
            Object root = unpickle(in, "the object");
            if (!(unpickle(in, "the storage keys") instanceof List<?> keys)) {
                throw new TorchFileException(file, "the legacy storage key list is missing");
            }
            DataInputStream data = new DataInputStream(in);
            for (Object key : keys) {
                StorageRecord storage = storages.get(String.valueOf(key));
                if (storage == null || storage.root != null) {
                    throw new TorchFileException(file, "storage " + key + " is listed but no tensor uses it");
                }
                long elements = Long.reverseBytes(data.readLong());
                if (elements != storage.elements) {
                    throw new TorchFileException(file, "storage " + key + " holds " + elements
                            + " elements, the pickle says " + storage.elements);
                }
                storage.data = readStorage(data, storage, "storage " + key);
            }
            for (StorageRecord storage : storages.values()) {
                if (storage.root == null && storage.data == null) {
                    throw new TorchFileException(file, "storage " + storage.key + " is used but not in the file");
                }
            }
            return materialize(root);
        } catch (EOFException e) {
            throw new TorchFileException(file, "truncated (the file ends inside its storages)", e);
        } catch (IOException e) {
            throw new TorchFileException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private Object unpickle(InputStream in, String what) {
        try {
            return new TorchUnpickler(storages).load(in);
        } catch (PickleException | ClassCastException | IndexOutOfBoundsException e) {
            throw new TorchFileException(file, "cannot read " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TorchFileException(file, "truncated or damaged: " + what + " ends early (" + e.getMessage() + ")", e);
        }
    }

    /** Exactly {@code storage.bytes()} little-endian bytes from {@code in}, as a flat CPU tensor of its type. */
    private Tensor readStorage(InputStream in, StorageRecord storage, String name) throws IOException {
        long bytes = storage.bytes();
        Tensor raw = torch.empty(new long[] {bytes}, new TensorOptions(ScalarType.Byte), new MemoryFormatOptional());
        if (bytes > 0) {
            BytePointer target = new BytePointer(raw.data_ptr()).capacity(bytes);
            byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, bytes)];
            for (long done = 0; done < bytes; ) {
                int want = (int) Math.min(chunk.length, bytes - done);
                int got = in.readNBytes(chunk, 0, want);
                if (got < want) {
                    throw new TorchFileException(file, "truncated: " + name + " ends after " + (done + got) + " of "
                            + bytes + " bytes");
                }
                target.position(done).put(chunk, 0, got);
                done += got;
            }
        }
        return storage.type == StorageType.BYTE ? raw : raw.view(storage.type.scalarType());
    }

    /** Replaces every pending tensor in the tree by a view of its storage; shared objects stay shared. */
    private Object materialize(Object root) {
        return materialize(root, new IdentityHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private Object materialize(Object value, IdentityHashMap<Object, Object> done) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        Object seen = done.get(value);
        if (seen != null) {
            return seen;
        }
        Object result = value;
        if (value instanceof PendingTensor pending) {
            result = tensorOf(pending);
        } else if (value instanceof TorchUnpickler.UnknownGlobal global) {
            result = new PythonObject(global.name(), List.of());
        }
        done.put(value, result);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) map).entrySet()) {
                entry.setValue(materialize(entry.getValue(), done));
            }
        } else if (value instanceof List<?> list) {
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                items.set(i, materialize(items.get(i), done));
            }
        } else if (value instanceof Object[] tuple) {
            for (int i = 0; i < tuple.length; i++) {
                tuple[i] = materialize(tuple[i], done);
            }
        } else if (value instanceof PythonObject object) {
            List<Object> args = new ArrayList<>(object.args());
            object.args().clear();
            for (Object arg : args) {
                object.args().add(materialize(arg, done));
            }
            object.setState(materialize(object.state(), done));
            for (Map.Entry<Object, Object> entry : object.items().entrySet()) {
                entry.setValue(materialize(entry.getValue(), done));
            }
        }
        return result;
    }

    private Tensor tensorOf(PendingTensor pending) {
        StorageRecord storage = pending.storage();
        StorageRecord base = storage.root != null ? storage.root : storage;
        long offset = storage.rootOffset + pending.offset();
        if (storage.root != null && pending.offset() + extent(pending) > storage.elements) {
            throw new TorchFileException(file, "a tensor reaches past the end of its storage view " + storage.key);
        }
        try {
            return base.data.as_strided(pending.sizes(), pending.strides(), new LongOptional(offset));
        } catch (RuntimeException e) {
            throw new TorchFileException(file, "a tensor of sizes " + Arrays.toString(pending.sizes())
                    + " does not fit its storage " + base.key + " (" + base.elements + " elements)", e);
        }
    }

    /** Elements from a tensor's first to one past its last, in its storage. */
    private static long extent(PendingTensor t) {
        long last = 0;
        for (int i = 0; i < t.sizes().length; i++) {
            if (t.sizes()[i] == 0) {
                return 0;
            }
            last += (t.sizes()[i] - 1) * t.strides()[i];
        }
        return last + 1;
    }
}
