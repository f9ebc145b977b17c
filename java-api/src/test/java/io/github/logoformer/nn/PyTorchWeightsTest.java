package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.TinyModels.Kind;
import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.torchfile.PyTorchOracle;
import io.github.logoformer.torchfile.StateDict;
import io.github.logoformer.torchfile.TorchFileException;
import io.github.logoformer.torchfile.TorchFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole models as PyTorch state dicts: PyTorch loads Java's strictly into its own definition and agrees on the
 * logits, and Java serves a model trained in PyTorch with PyTorch's logits.
 */
class PyTorchWeightsTest {
    @TempDir
    Path dir;

    /** A tiny model whose batch norms have left their initial statistics, in eval mode. */
    private static ClipClassifier trained(Kind kind, ModelConfig config, long seed) {
        ClipClassifier model = kind.build(config, seed);
        model.train(true);
        model.forward(TinyModels.clips(2, config));
        model.eval();
        return model;
    }

    /** A folder of what the PyTorch scripts read for {@code kind}: model.json and clip.pt (3 clips); returns the clip. */
    private Tensor writeCase(Kind kind, ModelConfig config) throws IOException {
        Path cases = Files.createDirectories(dir.resolve(kind.name()));
        JsonFiles.write(cases.resolve("model.json"), Map.of("kind", kind.model.id(), "config", kind.configure(config)));
        Tensor clip = TinyModels.clips(3, config);
        TorchFileWriter.write(cases.resolve("clip.pt"), Map.of("clip", clip));
        return clip;
    }

    /** Every kind's case folder, as the PyTorch scripts take them. */
    private Path[] caseFolders() {
        return Arrays.stream(Kind.values()).map(kind -> dir.resolve(kind.name())).toArray(Path[]::new);
    }

    /** PyTorch's float64 logits, as a PyTorch script wrote them into {@code file} of {@code kind}'s case folder. */
    private Tensor pythonLogits(Kind kind, String file) {
        return StateDict.read(dir.resolve(kind.name()).resolve(file)).tensors().get("logits");
    }

    /** Loads {@code file} strictly into a float64 reference model and checks its logits of {@code clip} against PyTorch's. */
    private static void assertFloat64ModelGives(Kind kind, ModelConfig config, Path file, Tensor clip, Tensor python) {
        ClipClassifier model = kind.build(config.withOps(OpsMode.REFERENCE), 12);
        model.to(ScalarType.Double, false);
        WeightsReport report = PyTorchWeights.load(model, file, Strictness.STRICT);
        model.eval();
        assertEquals(PyTorchWeights.stateDict(model).size(), report.loaded());
        double error = ModelParityTest.relativeError(model.forward(clip.to(ScalarType.Double)), python);
        assertTrue(error <= 1e-10, kind + ": " + file.getFileName() + " in a float64 model is " + error + " from PyTorch's logits");
    }

    @Test
    void exportedModelsLoadStrictlyIntoPyTorchAndGiveItsLogitsBothWays() throws IOException {
        ModelConfig config = TinyModels.config().build();
        Map<Kind, ClipClassifier> models = new LinkedHashMap<>();
        Map<Kind, Tensor> clips = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            ClipClassifier model = trained(kind, config, 11);
            clips.put(kind, writeCase(kind, config));
            PyTorchWeights.save(model, dir.resolve(kind.name()).resolve("model.pt"));
            models.put(kind, model);
        }
        PyTorchOracle.run("check_export.py", caseFolders());

        for (Kind kind : Kind.values()) {
            Tensor python = pythonLogits(kind, "logits.pt");
            double fused = ModelParityTest.relativeError(models.get(kind).forward(clips.get(kind)), python);
            assertTrue(fused <= 1e-5, kind + ": the fused float32 model is " + fused + " from PyTorch's float64 logits");
            assertFloat64ModelGives(kind, config, dir.resolve(kind.name()).resolve("resaved.pt"), clips.get(kind), python);
        }
    }

    @Test
    void aModelTrainedInPyTorchIsServedFromJavaWithItsLogits() throws IOException {
        ModelConfig config = TinyModels.config().build();
        Map<Kind, Tensor> clips = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            clips.put(kind, writeCase(kind, config));
        }
        PyTorchOracle.run("train_in_torch.py", caseFolders());

        for (Kind kind : Kind.values()) {
            Path checkpoint = dir.resolve(kind.name()).resolve("torch-trained.pt");
            Tensor python = pythonLogits(kind, "torch-trained-logits.pt");
            ClipClassifier served = kind.build(config, 13);
            WeightsReport report = PyTorchWeights.load(served, checkpoint, Strictness.STRICT);
            served.eval();
            assertEquals(checkpoint + ": loaded " + PyTorchWeights.stateDict(served).size() + " tensors into the model from"
                    + " 'state_dict', without the prefix 'module.'", report.summary());
            double fused = ModelParityTest.relativeError(served.forward(clips.get(kind)), python);
            assertTrue(fused <= 1e-5, kind + ": the fused float32 model is " + fused + " from PyTorch's float64 logits");
            assertFloat64ModelGives(kind, config, checkpoint, clips.get(kind), python);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSavedModelLoadsBackExactlyAlsoNestedAndDataParallelWrapped(Kind kind) {
        ModelConfig config = TinyModels.config().build();
        ClipClassifier saved = trained(kind, config, 5);
        Path plain = dir.resolve("plain.pt");
        PyTorchWeights.save(saved, plain);
        Map<String, Tensor> wrapped = new LinkedHashMap<>();
        PyTorchWeights.stateDict(saved).forEach((name, tensor) -> wrapped.put("module." + name, tensor));
        Path nested = dir.resolve("nested.pt");
        TorchFileWriter.write(nested, wrapped);  // a top-level dict of module.* keys

        Tensor clip = TinyModels.clips(2, config);
        for (Path file : new Path[] {plain, nested}) {
            ClipClassifier loaded = kind.build(config, 6);
            loaded.eval();
            PyTorchWeights.load(loaded, file, Strictness.STRICT);
            assertTrue(loaded.forward(clip).equal(saved.forward(clip)), file.toString());
        }
        assertEquals(PyTorchWeights.stateDict(saved).size(), PyTorchWeights.load(kind.build(config, 7), plain, Strictness.STRICT)
                .loaded());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anotherConfigurationFailsNamingTheFirstMismatchedTensor(Kind kind) {
        Path file = dir.resolve("five-classes.pt");
        PyTorchWeights.save(kind.build(TinyModels.config().build(), 1), file);
        ClipClassifier sixClasses = kind.build(TinyModels.config().classes(6).build(), 2);
        TorchFileException e = assertThrows(TorchFileException.class,
                () -> PyTorchWeights.load(sixClasses, file, Strictness.LENIENT));
        assertEquals(file + ": 'head.weight' has shape [5, 32] in the file, the model expects [6, 32]", e.getMessage());
    }

    @Test
    void theOtherModelsStateDictIsListedAsMissingAndUnexpected() {
        Path file = dir.resolve("stt.pt");
        PyTorchWeights.save(Kind.STT.build(TinyModels.config().build(), 1), file);
        String message = assertThrows(TorchFileException.class,
                () -> PyTorchWeights.load(Kind.LOGO_FORMER.build(TinyModels.config().build(), 2), file, Strictness.STRICT))
                .getMessage();
        assertTrue(message.startsWith(file + ": 28 tensors of the model not in the file: blocks.0.local_attention.qkv.weight,"),
                message);
        assertTrue(message.contains("; 16 tensors in the file not in the model: blocks.0.temporal_attention.qkv.weight,"),
                message);
    }

    @Test
    void exportedNamesAreTheModuleTreesWithTorchvisionsInTheTrunk() {
        var names = PyTorchWeights.stateDict(Kind.LOGO_FORMER.build(TinyModels.config().blocks(1).build(), 1)).keySet();
        String listed = String.join(" ", names).toLowerCase(Locale.ROOT);
        assertTrue(listed.startsWith("backbone.projection_weight backbone.projection_bias backbone.trunk.conv1.weight"
                + " backbone.trunk.bn1.weight backbone.trunk.bn1.bias backbone.trunk.bn1.running_mean"
                + " backbone.trunk.bn1.running_var backbone.trunk.bn1.num_batches_tracked backbone.trunk.layer1.0.conv1.weight"),
                listed);
        assertTrue(listed.contains(" backbone.trunk.layer2.0.downsample.0.weight backbone.trunk.layer2.0.downsample.1.weight "),
                listed);
        assertTrue(listed.endsWith(" blocks.0.mlp.fc2.weight blocks.0.mlp.fc2.bias norm.weight norm.bias head.weight head.bias"),
                listed);
        assertEquals(ScalarType.Long, PyTorchWeights.stateDict(new ResNet18Trunk(8)).get("bn1.num_batches_tracked")
                .scalar_type().intern());
    }
}
