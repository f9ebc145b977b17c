package io.github.logoformer.torchfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes, the reader reads back exactly, laid out as PyTorch lays out its archives. */
class TorchFileWriterTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> everyDtype() {
        torch.manual_seed(3);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Tensor base = torch.randn(4, 6);
        tensors.put("float32.transposed", base.t());
        tensors.put("float64", torch.randn(3).to(ScalarType.Double));
        tensors.put("float16", torch.randn(2, 2).to(ScalarType.Half));
        tensors.put("bfloat16", torch.randn(5).to(ScalarType.BFloat16));
        tensors.put("int64.scalar", torch.ones(new long[0]).to(ScalarType.Long).mul(new org.bytedeco.pytorch.Scalar(3_000_000_000L)));
        tensors.put("int32", torch.randn(7).mul(new org.bytedeco.pytorch.Scalar(1000)).to(ScalarType.Int));
        tensors.put("int8", torch.randn(3).mul(new org.bytedeco.pytorch.Scalar(50)).to(ScalarType.Char));
        tensors.put("uint8", torch.rand(3).mul(new org.bytedeco.pytorch.Scalar(255)).to(ScalarType.Byte));
        tensors.put("bool", torch.randn(4).gt(new org.bytedeco.pytorch.Scalar(0)));
        tensors.put("empty", torch.zeros(0, 3));
        return tensors;
    }

    @Test
    void writtenTensorsReadBackWithTheirNamesOrderDtypesShapesAndBytes() {
        Map<String, Tensor> tensors = everyDtype();
        Path file = dir.resolve("all.pt");
        TorchFileWriter.write(file, tensors);
        StateDict read = StateDict.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals("the top-level dict", read.location());
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor back = read.tensors().get(entry.getKey());
            assertEquals(entry.getValue().scalar_type().intern(), back.scalar_type().intern(), entry.getKey());
            assertArrayEquals(entry.getValue().sizes().vec().get(), back.sizes().vec().get(), entry.getKey());
            assertArrayEquals(TensorBytes.of(entry.getValue()), TensorBytes.of(back), entry.getKey());
        }
    }

    @Test
    void recordsStartAtMultiplesOf64AndTheBytesDependOnlyOnTheTensors() throws IOException {
        Path first = dir.resolve("first.pt"), second = dir.resolve("second.pt");
        TorchFileWriter.write(first, everyDtype());
        TorchFileWriter.write(second, everyDtype());
        byte[] bytes = Files.readAllBytes(first);
        assertArrayEquals(bytes, Files.readAllBytes(second), "reproducible");
        List<String> names = new ArrayList<>();
        ByteBuffer zip = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; zip.getInt(at) == 0x04034b50; ) {  // local file headers, one after the other
            int nameLength = zip.getShort(at + 26) & 0xffff, extraLength = zip.getShort(at + 28) & 0xffff;
            String name = new String(bytes, at + 30, nameLength, StandardCharsets.UTF_8);
            int data = at + 30 + nameLength + extraLength;
            assertEquals(0, data % 64, name + " starts at " + data);
            names.add(name);
            at = data + zip.getInt(at + 18);  // + compressed size (stored: the size)
        }
        assertEquals("archive/data.pkl", names.get(0));
        assertEquals("archive/version", names.get(names.size() - 1));
        assertEquals(everyDtype().size() + 3, names.size());
    }

    @Test
    void aDtypeWithoutAPyTorchStorageIsRefusedNamingTheTensor() {
        Map<String, Tensor> tensors = Map.of("counts", torch.zeros(3).to(ScalarType.UInt16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchFileWriter.write(dir.resolve("u16.pt"), tensors));
        assertEquals("'counts': dtype uint16 cannot be stored in a torch.save file here (float32/64/16, bfloat16,"
                + " int8-64, uint8, bool, complex64/128)", e.getMessage());
    }
}
