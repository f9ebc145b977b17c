package io.github.logoformer.nn;

import io.github.logoformer.torchfile.StateDict;
import io.github.logoformer.torchfile.StorageType;
import io.github.logoformer.torchfile.TorchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Copies a state dict into a module's tensors after checking every one: the first tensor (in the
 * module's order) of another shape or kind fails naming the key and both shapes; then, when strict,
 * tensors missing from the file or unexpected in it fail, listed. Nothing is copied before all checks pass.
 */
final class StateDictLoader {
    private static final String BATCH_COUNTER = "num_batches_tracked";

    private StateDictLoader() {}

    /**
     * @param targets the module's tensors by name (those of {@link ModuleState#of})
     * @param target what the module is, for messages ("the model", "the ResNet-18 trunk")
     * @param covers which of the file's names belong to the module; the others are unused, never unexpected
     */
    static WeightsReport load(Map<String, Tensor> targets, String target, StateDict source, Predicate<String> covers,
            Strictness strictness) {
        Map<String, Tensor> tensors = source.tensors();
        List<String> missing = new ArrayList<>(), untracked = new ArrayList<>();
        List<Tensor[]> copies = new ArrayList<>();  // {module tensor, file tensor}
        for (Map.Entry<String, Tensor> entry : targets.entrySet()) {
            String name = entry.getKey();
            Tensor into = entry.getValue(), from = tensors.get(name);
            if (from == null) {
                (isBatchCounter(name) ? untracked : missing).add(name);
                continue;
            }
            check(source, target, name, into, from);
            copies.add(new Tensor[] {into, from});
        }
        List<String> unexpected = new ArrayList<>(), unused = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!targets.containsKey(name)) {
                (covers.test(name) ? unexpected : unused).add(name);
            }
        }
        if (copies.isEmpty()) {
            throw new TorchFileException(source.file(), "none of the " + targets.size() + " tensors of " + target
                    + " is in the file (" + source.location() + " has " + WeightsReport.abbreviate(List.copyOf(tensors.keySet()))
                    + "; " + target + " has " + WeightsReport.abbreviate(List.copyOf(targets.keySet())) + ")");
        }
        if (strictness == Strictness.STRICT && !(missing.isEmpty() && unexpected.isEmpty())) {
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                problems.add(count(missing) + " of " + target + " not in the file: " + WeightsReport.abbreviate(missing));
            }
            if (!unexpected.isEmpty()) {
                problems.add(count(unexpected) + " in the file not in " + target + ": " + WeightsReport.abbreviate(unexpected));
            }
            throw new TorchFileException(source.file(), String.join("; ", problems)
                    + " (load leniently to keep the missing ones as they are and ignore the others)");
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor[] copy : copies) {
                copy[0].copy_(copy[1]);
            }
        }
        return new WeightsReport(source.file(), source.location(), target, copies.size(), missing, unexpected,
                untracked, unused);
    }

    private static String count(List<String> names) {
        return names.size() == 1 ? "1 tensor" : names.size() + " tensors";
    }

    private static boolean isBatchCounter(String name) {
        return name.equals(BATCH_COUNTER) || name.endsWith("." + BATCH_COUNTER);
    }

    private static void check(StateDict source, String target, String name, Tensor into, Tensor from) {
        long[] want = into.sizes().vec().get(), got = from.sizes().vec().get();
        if (!Arrays.equals(want, got)) {
            throw new TorchFileException(source.file(), "'" + name + "' has shape " + Arrays.toString(got)
                    + " in the file, " + target + " expects " + Arrays.toString(want));
        }
        StorageType have = StorageType.of(from.scalar_type());
        // Batch counters are counts whatever the module holds them in (LibTorch's to(dtype) makes them floating).
        boolean floating = into.is_floating_point() && !isBatchCounter(name);
        if (floating ? !have.isFloatingPoint() : !have.isInteger()) {
            throw new TorchFileException(source.file(), "'" + name + "' is " + have.dtypeName() + " in the file; "
                    + target + " takes " + (floating ? "floating-point (float16, bfloat16, float32, float64)"
                    : "integer") + " tensors there");
        }
    }
}
