package io.github.logoformer.torchfile;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler taught what {@code torch.save} pickles, and nothing that runs code: globals are
 * resolved against this class's own list (not Pyrolite's process-wide registry); tensors become
 * {@link PendingTensor}s over {@link StorageRecord}s named by persistent ids; dicts keep their order
 * (Pyrolite's own SETITEMS goes through a HashMap); a class it does not know becomes a
 * {@link PythonObject}. Tensor kinds LibTorch tensors cannot hold here (quantized, sparse, float8...)
 * are refused by name.
 */
final class TorchUnpickler extends Unpickler {
    private final Map<String, StorageRecord> storages;

    /** @param storages shared by the pickles of one file, filled as persistent ids are met */
    TorchUnpickler(Map<String, StorageRecord> storages) {
        this.storages = storages;
    }

    /** A global the pickle calls to build something; {@code name} is its dotted name, for errors. */
    private record Callable(String name, IObjectConstructor body) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return body.construct(args);
        }
    }

    /** A global this reader does not know: calling it gives a {@link PythonObject}. */
    record UnknownGlobal(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new PythonObject(name, Arrays.asList(args));
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(resolve(module, name));
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putAll(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putAll(itemsOf(stack.peek()), items);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object dictKey = stack.pop();
                itemsOf(stack.peek()).put(dictKey, value);
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof PythonObject object) {
                    object.setState(state);
                } else if (!(target instanceof Map<?, ?> || target instanceof PendingTensor)) {
                    // An OrderedDict's _metadata and a tensor's Python attributes carry nothing a weight needs.
                    throw new PickleException("cannot restore the state of " + describe(target));
                }
            }
            case Opcodes.INST, Opcodes.OBJ -> throw new PickleException("old-style class instances (INST/OBJ) are not supported");
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static void putAll(Map<Object, Object> dict, List<Object> keysAndValues) {
        for (int i = 0; i + 1 < keysAndValues.size(); i += 2) {
            dict.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> itemsOf(Object target) {
        if (target instanceof PythonObject object) {
            return object.items();
        }
        if (target instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw new PickleException("cannot set items of " + describe(target));
    }

    private Object resolve(String module, String name) {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict":
                return new Callable(global, args -> {
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    if (args.length > 0 && args[0] instanceof List<?> pairs) {  // OrderedDict([(k, v), ...])
                        for (Object pair : pairs) {
                            Object[] kv = (Object[]) pair;
                            dict.put(kv[0], kv[1]);
                        }
                    }
                    return dict;
                });
            case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2":
                // (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
                return new Callable(global, args -> {
                    if (args.length < 4 || !(args[0] instanceof StorageRecord storage)) {
                        throw new PickleException(global + " without a storage");
                    }
                    return new PendingTensor(storage, number(args[1]), longs(args[2]), longs(args[3]));
                });
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
                return new Callable(global, args -> tensorArgument(global, args[0]));
            case "torch._tensor._rebuild_from_type_v2":
                // (rebuild function, tensor class, its arguments, Python attributes): plain tensors and parameters only
                return new Callable(global, args -> {
                    if (!(args[1] instanceof Callable type) || !type.name().equals("torch.Tensor")
                            && !type.name().equals("torch.nn.parameter.Parameter")) {
                        throw new PickleException("tensor subclass " + describe(args[1]) + " is not supported");
                    }
                    return tensorArgument(global, ((IObjectConstructor) args[0]).construct((Object[]) args[2]));
                });
            case "torch.Tensor", "torch.nn.parameter.Parameter":
                return new Callable(global, args -> {
                    throw new PickleException("cannot build " + global + " directly");
                });
            case "torch.Size":
                return new Callable(global, args -> args.length == 0 ? new Object[0] : args[0]);
            case "torch.storage._load_from_bytes":
                throw new PickleException("storages pickled by plain pickle (torch.storage._load_from_bytes) are not"
                        + " supported; write the file with torch.save");
            default:
        }
        if (module.equals("torch._utils") && name.startsWith("_rebuild_")) {
            throw new PickleException(kindOfTensor(name) + " tensors (" + global + ") are not supported");
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            StorageType type = StorageType.ofPythonName(name);
            if (type == null) {
                throw new PickleException("tensors of storage type " + global + " are not supported (readable: "
                        + Arrays.stream(StorageType.values()).map(StorageType::dtypeName).toList() + ")");
            }
            return type;
        }
        return new UnknownGlobal(global);
    }

    private static String kindOfTensor(String rebuildName) {
        if (rebuildName.contains("qtensor")) {
            return "quantized";
        }
        if (rebuildName.contains("sparse")) {
            return "sparse";
        }
        return "these";
    }

    private static PendingTensor tensorArgument(String global, Object value) {
        if (!(value instanceof PendingTensor tensor)) {
            throw new PickleException(global + " without tensor data");
        }
        return tensor;
    }

    /** ('storage', storage type, key, location, element count[, legacy view (key, offset, element count)]). */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
            throw new PickleException("unknown persistent id " + describe(pid));
        }
        if (!(id[1] instanceof StorageType type)) {
            throw new PickleException("storage of unknown type " + describe(id[1]));
        }
        String key = String.valueOf(id[2]);
        StorageRecord storage = storages.get(key);
        if (storage == null) {
            storage = new StorageRecord(key, type, number(id[4]));
            storages.put(key, storage);
        } else if (storage.type != type || storage.root != null) {
            throw new PickleException("storage " + key + " is used as two different storages");
        }
        if (id.length > 5 && id[5] instanceof Object[] view) {
            String viewKey = String.valueOf(view[0]);
            StorageRecord slice = storages.get(viewKey);
            if (slice == null) {
                slice = new StorageRecord(viewKey, type, number(view[2]), storage, number(view[1]));
                storages.put(viewKey, slice);
            }
            return slice;
        }
        return storage;
    }

    private static long number(Object value) {
        if (!(value instanceof Number n)) {
            throw new PickleException("expected an integer, got " + describe(value));
        }
        return n.longValue();
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] values)) {
            throw new PickleException("expected a tuple of integers, got " + describe(tuple));
        }
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = number(values[i]);
        }
        return result;
    }

    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Object[] tuple) {
            return "a tuple of " + tuple.length;
        }
        if (value instanceof Callable callable) {
            return callable.name();
        }
        if (value instanceof UnknownGlobal global) {
            return global.name();
        }
        return "a " + value.getClass().getSimpleName();
    }
}
