package io.github.logoformer.nn;

import io.github.logoformer.torchfile.StateDict;
import io.github.logoformer.torchfile.TorchFileWriter;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Whole models as PyTorch state dicts ({@code torch.save(model.state_dict(), f)} files), for models
 * trained in Python and served from Java or the other way round. The names are the module tree's,
 * as {@link #stateDict} lists them: {@code backbone.trunk.*} in torchvision's ResNet-18 names,
 * {@code backbone.projection_weight}, {@code embedding.*}, {@code blocks.N.*}, {@code norm.*},
 * {@code head.*} (the README's table; a PyTorch definition of both models with these names is the
 * test oracle {@code java-api/src/test/resources/torch/logoformer_torch.py}).
 */
public final class PyTorchWeights {
    private PyTorchWeights() {}

    /** The module's parameters and buffers by name, in PyTorch's {@code state_dict()} order; the module's own tensors. */
    public static Map<String, Tensor> stateDict(Module module) {
        return ModuleState.of(module);
    }

    /** Writes {@code module}'s state dict to {@code file} (see {@link TorchFileWriter}). */
    public static void save(Module module, Path file) {
        TorchFileWriter.write(file, stateDict(module));
    }

    /**
     * Loads a PyTorch state dict of the whole module (top-level, nested under {@code state_dict} or
     * {@code model}, with or without DataParallel's {@code module.} prefix; see {@link StateDict}).
     *
     * @throws io.github.logoformer.torchfile.TorchFileException naming the file and the first mismatched key
     *     and shapes, or (strict) the missing and unexpected keys; the module is then unchanged
     */
    public static WeightsReport load(Module module, Path file, Strictness strictness) {
        return StateDictLoader.load(stateDict(module), "the model", StateDict.read(file), name -> true, strictness);
    }
}
