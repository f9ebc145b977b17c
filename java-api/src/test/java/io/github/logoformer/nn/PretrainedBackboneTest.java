package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.torchfile.PyTorchOracle;
import io.github.logoformer.torchfile.StateDict;
import io.github.logoformer.torchfile.TorchFileException;
import io.github.logoformer.torchfile.TorchFileWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Torchvision ResNet-18 state dicts in the trunk: against PyTorch's own layer3 features, in the forms DFER
 * code bases publish; and every mismatch caught before anything is copied.
 */
class PretrainedBackboneTest {
    private static final long TINY = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18.pt", "resnet18-dataparallel.pt"})
    void torchvisionWeightsGivePyTorchsLayer3FeaturesInEvalMode(String name) {
        Path fixtures = PyTorchOracle.fixtures();
        ResNet18Trunk trunk = new ResNet18Trunk(ResNet18Trunk.STANDARD_WIDTH);
        WeightsReport report = PretrainedBackbone.load(trunk, fixtures.resolve(name), Strictness.STRICT);
        trunk.eval();
        Map<String, Tensor> features = StateDict.read(fixtures.resolve("resnet18-features.pt")).tensors();
        double error = ModelParityTest.relativeError(trunk.forward(features.get("input")), features.get("layer3"));
        assertTrue(error <= 1e-5, name + ": relative error " + error);
        assertEquals(90, report.loaded());
        assertEquals(List.of(), report.untracked());
    }

    @Test
    void theTrunksNamesAreTorchvisionsUpToLayer3InTheirOrder() {
        Map<String, Tensor> resnet18 = StateDict.read(PyTorchOracle.fixtures().resolve("resnet18.pt")).tensors();
        List<String> upToLayer3 = resnet18.keySet().stream()
                .filter(k -> !k.startsWith("layer4.") && !k.startsWith("fc.")).collect(Collectors.toList());
        assertEquals(upToLayer3, List.copyOf(PyTorchWeights.stateDict(new ResNet18Trunk(TINY)).keySet()));
    }

    @Test
    void aDataParallelCheckpointIsFoundUnwrappedAndItsHeadsReported() {
        Path file = PyTorchOracle.fixtures().resolve("resnet18-dataparallel.pt");
        torch.manual_seed(1);
        ClipClassifier model = new LogoFormer(TinyModels.config().backboneWidth(64).build());
        WeightsReport report = PretrainedBackbone.load(model, file, Strictness.STRICT);
        assertEquals(file + ": loaded 90 tensors into the ResNet-18 trunk from 'state_dict', without the prefix 'module.';"
                + " ignored 34 outside it (layer4.*, fc.*, feature.*)", report.summary());
        Tensor loaded = PyTorchWeights.stateDict(model).get("backbone.trunk.layer2.0.downsample.1.running_var");
        Tensor file18 = StateDict.read(file).tensors().get("layer2.0.downsample.1.running_var");
        assertTrue(loaded.equal(file18));
    }

    /** A state dict in torchvision's names for a width-8 trunk, as a ResNet-18 file would hold it, plus layer4 and fc. */
    private Map<String, Tensor> tinyResNet18(long seed) {
        torch.manual_seed(seed);
        Map<String, Tensor> state = new LinkedHashMap<>();
        PyTorchWeights.stateDict(new ResNet18Trunk(TINY)).forEach((k, v) -> state.put(k, v.clone()));
        state.put("layer4.0.conv1.weight", torch.randn(64, 32, 3, 3));
        state.put("fc.weight", torch.randn(1000, 64));
        return state;
    }

    private Path write(String name, Map<String, Tensor> state) {
        Path file = dir.resolve(name);
        TorchFileWriter.write(file, state);
        return file;
    }

    private static String loadError(ResNet18Trunk trunk, Path file, Strictness strictness) {
        Tensor before = trunk.forward(torch.ones(1, 3, 32, 32)).clone();
        String message = assertThrows(TorchFileException.class, () -> PretrainedBackbone.load(trunk, file, strictness))
                .getMessage();
        assertTrue(trunk.forward(torch.ones(1, 3, 32, 32)).equal(before), "the trunk is unchanged: " + message);
        return message;
    }

    @Test
    void theFirstTensorOfAnotherShapeIsNamedWithBothShapes() {
        Path file = write("wide.pt", PyTorchWeights.stateDict(new ResNet18Trunk(16)));
        ResNet18Trunk trunk = new ResNet18Trunk(TINY);
        trunk.eval();
        assertEquals(file + ": 'conv1.weight' has shape [16, 3, 7, 7] in the file, the ResNet-18 trunk (width 8;"
                + " pretrained ResNet-18s have 64) expects [8, 3, 7, 7]", loadError(trunk, file, Strictness.LENIENT));
    }

    @Test
    void extraBlocksOfAnotherResNetAreUnexpectedAndMissingTensorsAreListedUnlessLenient() {
        Map<String, Tensor> state = tinyResNet18(2);
        state.put("layer1.2.conv1.weight", torch.randn(8, 8, 3, 3));  // a ResNet-34 has a third block
        state.remove("layer3.1.bn2.running_var");
        Path file = write("resnet34ish.pt", state);
        ResNet18Trunk trunk = new ResNet18Trunk(TINY);
        trunk.eval();
        assertEquals(file + ": 1 tensor of the ResNet-18 trunk (width 8; pretrained ResNet-18s have 64) not in the file:"
                + " layer3.1.bn2.running_var; 1 tensor in the file not in the ResNet-18 trunk (width 8; pretrained"
                + " ResNet-18s have 64): layer1.2.conv1.weight (load leniently to keep the missing ones as they are and"
                + " ignore the others)", loadError(trunk, file, Strictness.STRICT));

        WeightsReport report = PretrainedBackbone.load(trunk, file, Strictness.LENIENT);
        assertEquals(List.of("layer3.1.bn2.running_var"), report.missing());
        assertEquals(List.of("layer1.2.conv1.weight"), report.unexpected());
        assertEquals(List.of("layer4.0.conv1.weight", "fc.weight"), report.unused());
        assertTrue(PyTorchWeights.stateDict(trunk).get("layer2.1.conv2.weight").equal(state.get("layer2.1.conv2.weight")));
    }

    @Test
    void batchCountersOlderPyTorchDidNotSaveMayBeMissingAndHalfPrecisionConverts() {
        Map<String, Tensor> state = tinyResNet18(3);
        state.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
        state.replaceAll((k, v) -> v.is_floating_point() ? v.to(ScalarType.Half) : v);
        ResNet18Trunk trunk = new ResNet18Trunk(TINY);
        WeightsReport report = PretrainedBackbone.load(trunk, write("old.pt", state), Strictness.STRICT);
        assertEquals(15, report.untracked().size(), "one per batch norm");
        Tensor weight = PyTorchWeights.stateDict(trunk).get("bn1.weight");
        assertEquals(ScalarType.Float, weight.scalar_type().intern());
        assertTrue(weight.equal(state.get("bn1.weight").to(ScalarType.Float)));
    }

    @Test
    void integersWhereTheTrunkTakesFloatsAreRefusedNamingTheDtype() {
        Map<String, Tensor> state = tinyResNet18(4);
        state.put("bn1.running_mean", state.get("bn1.running_mean").mul(new Scalar(10)).to(ScalarType.Long));
        Path file = write("ints.pt", state);
        assertEquals(file + ": 'bn1.running_mean' is int64 in the file; the ResNet-18 trunk (width 8; pretrained ResNet-18s"
                + " have 64) takes floating-point (float16, bfloat16, float32, float64) tensors there",
                loadError(new ResNet18Trunk(TINY), file, Strictness.LENIENT));
    }

    @Test
    void aFileWithNoneOfTheTrunksTensorsSaysWhatBothHold() {
        Path file = write("other.pt", Map.of("features.0.weight", torch.randn(8, 3, 3, 3)));
        assertEquals(file + ": none of the 90 tensors of the ResNet-18 trunk (width 8; pretrained ResNet-18s have 64) is in"
                + " the file (the top-level dict has features.0.weight; the ResNet-18 trunk (width 8; pretrained ResNet-18s"
                + " have 64) has conv1.weight, bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var and 85 more)",
                loadError(new ResNet18Trunk(TINY), file, Strictness.LENIENT));
    }
}
