package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.TinyModels.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus of weights files: missing, empty, truncated, garbage, bit-flipped, another zip.
 * Each either fails with one line naming the file, leaving the model unchanged, or (a flip in bytes no
 * tensor depends on) loads the very same weights; none loads wrong weights silently.
 */
class BadWeightsCorpusTest {
    @TempDir
    Path dir;

    private ClipClassifier model;
    private Path good;
    private byte[] bytes;

    @BeforeEach
    void saveAModel() throws IOException {
        ModelConfig config = TinyModels.config().blocks(1).build();
        good = dir.resolve("good.pt");
        ModelWeights.save(Kind.LOGO_FORMER.build(config, 1), good);
        bytes = Files.readAllBytes(good);
        model = Kind.LOGO_FORMER.build(config, 2);
    }

    private String loadError(Path file) {
        Tensor before = state();
        String message = assertThrows(IllegalArgumentException.class, () -> ModelWeights.load(model, file)).getMessage();
        assertTrue(message.startsWith(file + ": "), "names the file: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(state().equal(before), "the model is unchanged");
        return message;
    }

    /** Every parameter and buffer, flattened into one tensor. */
    private Tensor state() {
        TensorVector all = model.parameters();
        TensorVector buffers = model.buffers();
        for (long i = 0; i < buffers.size(); i++) {
            all.push_back(buffers.get(i));
        }
        Tensor[] flat = new Tensor[(int) all.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = all.get(i).detach().flatten().to(torch.ScalarType.Double);
        }
        return torch.cat(new TensorVector(flat));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void filesThatAreNoArchiveFailNamingTheFile() throws IOException {
        assertTrue(loadError(dir.resolve("missing.pt")).endsWith("weights file not found"));
        assertTrue(loadError(Files.createDirectory(dir.resolve("folder.pt"))).endsWith("got a folder"));
        assertTrue(loadError(write("empty.pt", new byte[0])).contains("not a LibTorch archive"));
        assertTrue(loadError(write("three.pt", new byte[] {'P', 'K', 3})).contains("not a LibTorch archive"));
        assertTrue(loadError(write("text.pt", "weights\n".getBytes(StandardCharsets.UTF_8))).contains("not a LibTorch archive"));
        for (double fraction : new double[] {0.1, 0.5, 0.9, 0.999}) {
            Path truncated = write("truncated.pt", Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
            assertTrue(loadError(truncated).contains("not a LibTorch archive"), "truncated at " + fraction);
        }
    }

    @Test
    void aZipThatIsNoLibTorchArchiveFailsInOneLine() throws IOException {
        Path zip = dir.resolve("other.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("not weights".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(loadError(zip).contains("not a readable LibTorch archive ("), loadError(zip));
    }

    @Test
    void noSingleBitFlipLoadsWrongWeights() throws IOException {
        ModelWeights.load(model, good);
        Tensor reference = state();
        Random random = new Random(15);
        int refused = 0, harmless = 0;
        for (int trial = 0; trial < 120; trial++) {
            byte[] flipped = bytes.clone();
            int at = random.nextInt(flipped.length);
            flipped[at] ^= (byte) (1 << random.nextInt(8));
            Path file = write("flipped.pt", flipped);
            try {
                ModelWeights.load(model, file);
                assertTrue(state().equal(reference), "byte " + at + ": loaded different weights");
                harmless++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith(file + ": ") && !e.getMessage().contains("\n"), e.getMessage());
                refused++;
            }
        }
        System.out.printf("bit flips: %d refused, %d harmless (padding, timestamps)%n", refused, harmless);
        assertEquals(120, refused + harmless);
        assertTrue(refused >= 60, "most bytes are tensor data or zip structure: refused " + refused);
    }
}
