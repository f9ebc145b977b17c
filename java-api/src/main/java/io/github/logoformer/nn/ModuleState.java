package io.github.logoformer.nn;

import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringSharedModuleDict;
import org.bytedeco.pytorch.StringSharedModuleDictItem;
import org.bytedeco.pytorch.StringSharedModuleDictItemVector;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItem;
import org.bytedeco.pytorch.StringTensorDictItemVector;
import org.bytedeco.pytorch.Tensor;

/**
 * A module's parameters and buffers by dotted name, in the order of PyTorch's {@code state_dict()}, and the
 * walk over a module's own tensors and children that every such listing takes.
 *
 * <p>The walk holds each dict LibTorch returns ({@code named_parameters()}, {@code named_children()}, ...)
 * until its items are read: {@code items()} is a reference into the dict, which JavaCPP frees once the Java
 * object is unreachable, so reading the items of a dropped temporary reads freed memory (it showed as
 * names that were not the model's and as {@code std::bad_alloc} aborts in about one run of three).
 */
final class ModuleState {
    private ModuleState() {}

    /** One of a module's own tensors: its name within the module, the module's tensor, whether it is a buffer. */
    interface TensorVisitor {
        void visit(String name, Tensor tensor, boolean buffer);
    }

    /** One of a module's children: its name within the module and the child. */
    interface ChildVisitor {
        void visit(String name, Module child);
    }

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
        forEachOwnTensor(module, (name, tensor, buffer) -> state.put(prefix + name, tensor));
        forEachChild(module, (name, child) -> collect(child, prefix + name + ".", state));
    }

    /** The module's own parameters, then its own buffers (not its children's), each as an owning handle. */
    static void forEachOwnTensor(Module module, TensorVisitor visitor) {
        visit(module.named_parameters(false), false, visitor);
        visit(module.named_buffers(false), true, visitor);
    }

    private static void visit(StringTensorDict dict, boolean buffers, TensorVisitor visitor) {
        StringTensorDictItemVector items = dict.items();
        for (long i = 0; i < items.size(); i++) {
            StringTensorDictItem item = items.get(i);
            visitor.visit(item.key().getString(), new Tensor(item.value()), buffers);
        }
        Reference.reachabilityFence(dict);
    }

    /** The module's direct children in registration order. */
    static void forEachChild(Module module, ChildVisitor visitor) {
        StringSharedModuleDict children = module.named_children();
        StringSharedModuleDictItemVector items = children.items();
        for (long i = 0; i < items.size(); i++) {
            StringSharedModuleDictItem item = items.get(i);
            visitor.visit(item.key().getString(), item.value());
        }
        Reference.reachabilityFence(children);
    }
}
