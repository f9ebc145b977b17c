package io.github.logoformer.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringSharedModuleDictItemVector;
import org.bytedeco.pytorch.StringTensorDictItemVector;
import org.bytedeco.pytorch.Tensor;

/** A module's parameters and buffers by dotted name, in the order of PyTorch's {@code state_dict()}. */
final class ModuleState {
    private ModuleState() {}

    /**
     * Each module's own parameters, then its own buffers, then its children's, depth first: the order
     * PyTorch's {@code state_dict()} lists them in. The tensors are the module's own (writing to them
     * changes the module).
     */
    static Map<String, Tensor> of(Module module) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        collect(module, "", state);
        return state;
    }

    private static void collect(Module module, String prefix, Map<String, Tensor> state) {
        add(module.named_parameters(false).items(), prefix, state);
        add(module.named_buffers(false).items(), prefix, state);
        StringSharedModuleDictItemVector children = module.named_children().items();
        for (long i = 0; i < children.size(); i++) {
            collect(children.get(i).value(), prefix + children.get(i).key().getString() + ".", state);
        }
    }

    private static void add(StringTensorDictItemVector items, String prefix, Map<String, Tensor> state) {
        for (long i = 0; i < items.size(); i++) {
            state.put(prefix + items.get(i).key().getString(), new Tensor(items.get(i).value()));  // owning: items is a temporary
        }
    }
}
