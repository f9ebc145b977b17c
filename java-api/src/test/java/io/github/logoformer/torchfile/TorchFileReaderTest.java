package io.github.logoformer.torchfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** torch.save files written by PyTorch read back bit for bit; every kind of bad file fails in one line naming it. */
class TorchFileReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tensors.pt", "tensors-legacy.pt", "tensors-protocol4.pt"})
    void everyDtypeAndViewMatchesPyTorchsBytesInEveryFormat(String name) throws IOException {
        Path fixtures = PyTorchOracle.fixtures();
        JsonNode expected = new ObjectMapper().readTree(fixtures.resolve("tensors.json").toFile());
        Map<?, ?> read = (Map<?, ?>) TorchFileReader.read(fixtures.resolve(name));
        assertEquals(iterate(expected.fieldNames()), List.copyOf(read.keySet()), "keys in the file's order");
        for (Map.Entry<?, ?> entry : read.entrySet()) {
            Tensor tensor = (Tensor) entry.getValue();
            JsonNode want = expected.get((String) entry.getKey());
            assertEquals(want.get("dtype").asText(), StorageType.of(tensor.scalar_type()).dtypeName(), entry.getKey() + " dtype");
            long[] shape = new ObjectMapper().convertValue(want.get("shape"), long[].class);
            assertArrayEquals(shape, tensor.sizes().vec().get(), entry.getKey() + " shape");
            assertEquals(want.get("sha256").asText(), TensorBytes.sha256(tensor), entry.getKey() + " bytes");
        }
        Tensor base = (Tensor) read.get("base");
        assertSame(base, read.get("tied"), "one tensor saved twice comes back as one");
        assertTrue(((Tensor) read.get("slice")).is_alias_of(base), "views of one storage stay views of one storage");
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void checkpointsWithPythonObjectsBesideTheWeightsAreRead() {
        Map<?, ?> checkpoint = (Map<?, ?>) TorchFileReader.read(PyTorchOracle.fixtures().resolve("resnet18-dataparallel.pt"));
        assertEquals(40, ((Number) checkpoint.get("epoch")).intValue());
        assertEquals(71.25, checkpoint.get("best_prec1"));
        PythonObject args = (PythonObject) checkpoint.get("args");
        assertEquals("argparse.Namespace", args.global());
        assertEquals(Map.of("lr", 0.1, "pretrained", true), args.state());
    }

    @Test
    void filesOfKindsTheReaderDoesNotTakeAreRefusedByName() {
        Path fixtures = PyTorchOracle.fixtures();
        assertEquals(fixtures.resolve("torchscript.pt") + ": a TorchScript archive (torch.jit.save), not a torch.save file;"
                + " save the model's state_dict() with torch.save instead", readError(fixtures.resolve("torchscript.pt")));
        assertTrue(readError(fixtures.resolve("quantized.pt")).endsWith(
                "quantized tensors (torch._utils._rebuild_qtensor) are not supported"), readError(fixtures.resolve("quantized.pt")));
        assertTrue(readError(fixtures.resolve("sparse.pt")).contains("sparse tensors (torch._utils._rebuild_sparse_tensor)"),
                readError(fixtures.resolve("sparse.pt")));
        Path module = fixtures.resolve("pickled-module.pt");
        TorchFileException e = assertThrows(TorchFileException.class, () -> StateDict.read(module));
        assertEquals(module + ": holds a pickled Python object (__main__.Small), as torch.save(model) writes; save"
                + " model.state_dict() instead", e.getMessage());
    }

    @Test
    void aTruncatedLegacyFileIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(PyTorchOracle.fixtures().resolve("tensors-legacy.pt"));
        Path cut = Files.write(dir.resolve("cut.pt"), Arrays.copyOf(whole, whole.length - 10));
        assertTrue(readError(cut).startsWith(cut + ": truncated"), readError(cut));
        Path header = Files.write(dir.resolve("header.pt"), Arrays.copyOf(whole, 40));
        assertTrue(readError(header).startsWith(header + ": truncated or damaged: the "), readError(header));
    }

    @Test
    void filesThatAreNoTorchSaveFilesAreNamedAndDescribed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "conv1.weight = 0.5\n");
        assertEquals(text + ": not a torch.save file: neither a zip archive (PyTorch 1.6+) nor a pickle (older PyTorch)",
                readError(text));
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertEquals(empty + ": not a torch.save file: the file is empty", readError(empty));
        assertEquals(dir.resolve("absent.pt") + ": no such file", readError(dir.resolve("absent.pt")));
    }

    @Test
    void aTruncatedOrDamagedArchiveIsRefused() throws IOException {
        Path good = dir.resolve("good.pt");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", torch.arange(new org.bytedeco.pytorch.Scalar(1000)).to(torch.ScalarType.Float));
        TorchFileWriter.write(good, tensors);
        byte[] bytes = Files.readAllBytes(good);

        Path half = Files.write(dir.resolve("half.pt"), Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(readError(half).startsWith(half + ": a damaged or truncated zip archive ("), readError(half));

        byte[] flipped = bytes.clone();
        int inStorage = indexOf(bytes, "archive/data/0".getBytes()) + 200;  // past the name, inside the 4000 bytes
        flipped[inStorage] ^= 1;
        Path damaged = Files.write(dir.resolve("damaged.pt"), flipped);
        assertEquals(damaged + ": storage record archive/data/0 is damaged (its CRC-32 does not match)", readError(damaged));
    }

    @Test
    void aFileWithoutAStateDictSaysWhatItHolds() {
        Path file = dir.resolve("numbers.pt");
        TorchFileWriter.write(file, Map.of());
        assertEquals(file + ": holds no state dict: expected a dict of tensors, or one under " + StateDict.NESTED_KEYS
                + "; the file's dict has no keys", assertThrows(TorchFileException.class, () -> StateDict.read(file)).getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static String readError(Path file) {
        String message = assertThrows(TorchFileException.class, () -> TorchFileReader.read(file)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }
}
