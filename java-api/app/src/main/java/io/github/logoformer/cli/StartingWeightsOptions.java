package io.github.logoformer.cli;

import io.github.logoformer.train.StartingWeights.Part;
import io.github.logoformer.train.StartingWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** PyTorch state dicts a new training run starts from (the checkpoint records them; resuming needs the same). */
final class StartingWeightsOptions {
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Start from a whole model's PyTorch state dict (torch.save; names as lf export writes them).")
    Path weights;

    @Option(names = "--backbone-weights", paramLabel = "FILE",
            description = "Load a pretrained ResNet-18 (PyTorch state dict, torchvision names: MS-Celeb-1M, ImageNet) into "
                    + "the backbone's conv1..layer3; its layer4 and classifier are ignored. Needs --backbone-width 64.")
    Path backbone;

    @Mixin
    WeightsStrictness strictness = new WeightsStrictness();

    /** The files in the order they are loaded: the whole model first, then the backbone over it. */
    List<StartingWeights> resolve() {
        List<StartingWeights> start = new ArrayList<>();
        if (weights != null) {
            start.add(StartingWeights.of(Part.MODEL, weights, strictness.strictness()));
        }
        if (backbone != null) {
            start.add(StartingWeights.of(Part.BACKBONE, backbone, strictness.strictness()));
        }
        return start;
    }
}
