package io.github.logoformer.torchfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The named tensors of a state dict in a {@code torch.save} file, in the file's order. Found where the
 * code bases that publish weights put them: the top-level dict itself when all its values are tensors
 * ({@code torch.save(model.state_dict(), f)}), else the first of {@link #NESTED_KEYS} that is one
 * (checkpoints such as {@code {'epoch': 90, 'state_dict': ..., 'optimizer': ...}}). When every key starts
 * with {@code module.} (a model wrapped in {@code nn.DataParallel} or {@code DistributedDataParallel})
 * that prefix is removed.
 *
 * @param file where it was read
 * @param location where in the file, e.g. {@code 'state_dict', without the prefix 'module.'}
 * @param tensors name to tensor, unmodifiable
 */
public record StateDict(Path file, String location, Map<String, Tensor> tensors) {
    /** Keys under which checkpoints nest their state dict, in the order they are tried. */
    public static final List<String> NESTED_KEYS = List.of("state_dict", "model", "model_state_dict", "net", "network");
    private static final String DATA_PARALLEL_PREFIX = "module.";

    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * The state dict in {@code file}.
     *
     * @throws TorchFileException naming the file when it is unreadable or holds no state dict (the message
     *     says what it holds instead)
     */
    public static StateDict read(Path file) {
        return of(file, TorchFileReader.read(file));
    }

    /** The state dict in {@code root}, an object {@link TorchFileReader} read from {@code file}. */
    public static StateDict of(Path file, Object root) {
        if (root instanceof PythonObject object) {
            throw new TorchFileException(file, "holds a pickled Python object (" + object.global() + "), as"
                    + " torch.save(model) writes; save model.state_dict() instead");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new TorchFileException(file, "holds " + TorchUnpickler.describe(root) + ", not a dict of tensors");
        }
        String location = "the top-level dict";
        Map<?, ?> found = isStateDict(top) ? top : null;
        for (int i = 0; found == null && i < NESTED_KEYS.size(); i++) {
            if (top.get(NESTED_KEYS.get(i)) instanceof Map<?, ?> nested && isStateDict(nested)) {
                found = nested;
                location = "'" + NESTED_KEYS.get(i) + "'";
            }
        }
        if (found == null) {
            throw new TorchFileException(file, "holds no state dict: expected a dict of tensors, or one under " + NESTED_KEYS
                    + "; the file's dict has " + describeKeys(top));
        }
        boolean wrapped = found.keySet().stream().allMatch(k -> ((String) k).startsWith(DATA_PARALLEL_PREFIX));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : found.entrySet()) {
            String key = (String) entry.getKey();
            tensors.put(wrapped ? key.substring(DATA_PARALLEL_PREFIX.length()) : key, (Tensor) entry.getValue());
        }
        return new StateDict(file, wrapped ? location + ", without the prefix '" + DATA_PARALLEL_PREFIX + "'" : location,
                tensors);
    }

    private static boolean isStateDict(Map<?, ?> map) {
        return !map.isEmpty() && map.entrySet().stream()
                .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof Tensor);
    }

    private static String describeKeys(Map<?, ?> map) {
        if (map.isEmpty()) {
            return "no keys";
        }
        List<String> keys = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (keys.size() == 8) {
                keys.add("... (" + map.size() + " in all)");
                break;
            }
            keys.add(entry.getKey() + ": " + kind(entry.getValue()));
        }
        return "keys " + String.join(", ", keys);
    }

    private static String kind(Object value) {
        if (value instanceof Tensor) {
            return "tensor";
        }
        if (value instanceof Map<?, ?> map) {
            return "dict of " + map.size();
        }
        if (value instanceof PythonObject object) {
            return object.global();
        }
        return TorchUnpickler.describe(value).replaceFirst("^a ", "");
    }
}
