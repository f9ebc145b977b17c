package io.github.logoformer.nn;

import io.github.logoformer.torchfile.StateDict;
import java.nio.file.Path;
import java.util.Set;

/**
 * Starts a model where the DFER papers start: a ResNet-18 pretrained elsewhere (on MS-Celeb-1M as
 * LOGO-Former and STT, on ImageNet as torchvision publishes it) loaded into the frame backbone's trunk,
 * conv1 through layer3. The file is a PyTorch ResNet-18 state dict with torchvision's names, in any of
 * the forms {@link StateDict} finds (e.g. {@code {'state_dict': {'module.conv1.weight': ...}}}); what a
 * ResNet-18 has beyond the trunk ({@code layer4.*}, {@code fc.*}) and any other head is ignored and
 * reported. Strictly, every trunk tensor must be there (batch norm's {@code num_batches_tracked}
 * excepted, which older PyTorch did not save) and nothing else under {@code conv1}, {@code bn1} or
 * {@code layer1}-{@code layer3} (a ResNet-34 has more blocks there).
 *
 * <p>Pretrained ResNet-18s have the standard trunk width 64 ({@code backboneWidth} in {@link ModelConfig}).
 */
public final class PretrainedBackbone {
    private static final Set<String> TRUNK_ROOTS = Set.of("conv1", "bn1", "layer1", "layer2", "layer3");

    private PretrainedBackbone() {}

    /**
     * Loads {@code file} into {@code model}'s ResNet-18 trunk.
     *
     * @throws io.github.logoformer.torchfile.TorchFileException naming the file and the first mismatched key and
     *     both shapes, or (strict) the missing and unexpected keys; the model is then unchanged
     */
    public static WeightsReport load(ClipClassifier model, Path file, Strictness strictness) {
        return load(model.trunk(), file, strictness);
    }

    /** Loads {@code file} into {@code trunk}, as {@link #load(ClipClassifier, Path, Strictness)}. */
    public static WeightsReport load(ResNet18Trunk trunk, Path file, Strictness strictness) {
        String target = trunk.width() == ResNet18Trunk.STANDARD_WIDTH ? "the ResNet-18 trunk"
                : "the ResNet-18 trunk (width " + trunk.width() + "; pretrained ResNet-18s have "
                        + ResNet18Trunk.STANDARD_WIDTH + ")";
        return StateDictLoader.load(ModuleState.of(trunk), target, StateDict.read(file),
                name -> TRUNK_ROOTS.contains(name.substring(0, Math.max(0, name.indexOf('.')))), strictness);
    }
}
