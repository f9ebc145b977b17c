package io.github.logoformer.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * Saves and loads a module's parameters and buffers as a LibTorch archive (the format of
 * {@code torch::save(module, path)}; keys follow the module tree, e.g. {@code blocks.0.local_attention.qkv.weight}).
 *
 * <p>Module names must not be Python keywords ({@code global}, ...): the archive is TorchScript.
 *
 * <p>LibTorch's own {@code Module.load} replaces each tensor with whatever the archive holds, whatever
 * its shape, so a mismatched file would silently reshape the model. {@link #load} reads every tensor
 * first, checks that each exists with the shape the module expects, and only then copies the values in
 * (converting the dtype: float32 weights load into a float64 model). Before that, the file must be an
 * undamaged zip archive ({@link ArchiveCheck}: LibTorch's reader checks no CRC, so a flipped bit would
 * load a wrong weight without a word), and any error of LibTorch's reader becomes one line naming the file.
 */
public final class ModelWeights {
    private ModelWeights() {}

    public static void save(Module module, Path file) {
        OutputArchive archive = new OutputArchive();
        module.save(archive);
        archive.save_to(file.toString());
    }

    /**
     * Loads {@code file} into {@code module}, leaving the module unchanged when it fails.
     *
     * @throws IllegalArgumentException when the file is missing or not a readable LibTorch archive, or a tensor
     *     is missing or has another shape; the one-line message names the file (and the tensor)
     */
    public static void load(Module module, Path file) {
        ArchiveCheck.verify(file);
        List<Tensor[]> pairs = new ArrayList<>();  // {model tensor, archived tensor}
        try {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            collect(module, archive, "", file, pairs);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {  // LibTorch's reader: a many-line C++ trace that never names the file
            throw new IllegalArgumentException(file + ": not a readable LibTorch archive (" + firstLine(e.getMessage())
                    + ")", e);
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor[] pair : pairs) {
                pair[0].copy_(pair[1]);
            }
        }
    }

    private static void collect(Module module, InputArchive archive, String prefix, Path file, List<Tensor[]> pairs) {
        ModuleState.forEachOwnTensor(module, (name, target, buffer) -> {
            Tensor stored = new Tensor();
            if (!archive.try_read(name, stored, buffer)) {
                throw new IllegalArgumentException(file + ": no " + (buffer ? "buffer" : "parameter") + " '"
                        + prefix + name + "' in the archive");
            }
            long[] want = sizes(target), got = sizes(stored);
            if (!Arrays.equals(want, got)) {
                throw new IllegalArgumentException(file + ": '" + prefix + name + "' has shape "
                        + Arrays.toString(got) + " in the archive, the model expects " + Arrays.toString(want));
            }
            pairs.add(new Tensor[] {target, stored});
        });
        ModuleState.forEachChild(module, (name, child) -> {
            InputArchive childArchive = new InputArchive();
            if (!archive.try_read(name, childArchive)) {
                throw new IllegalArgumentException(file + ": no submodule '" + prefix + name + "' in the archive");
            }
            collect(child, childArchive, prefix + name + ".", file, pairs);
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static long[] sizes(Tensor t) {
        long[] sizes = new long[(int) t.dim()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = t.size(i);
        }
        return sizes;
    }
}
