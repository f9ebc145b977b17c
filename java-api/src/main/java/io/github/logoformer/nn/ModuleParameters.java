package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** Registering a parameter on a LibTorch module so that Java can keep using it. */
final class ModuleParameters {
    private ModuleParameters() {}

    /**
     * Registers {@code initial} as parameter {@code name} of {@code module} and returns an owning handle to
     * it. {@code register_parameter} returns a {@code Tensor&} into the module's parameter table, which
     * moves when the table grows: keeping that reference crashes; a copy of the handle shares the
     * parameter's storage and follows {@code to(dtype)} (LibTorch converts parameters in place).
     */
    static Tensor register(Module module, String name, Tensor initial) {
        return new Tensor(module.register_parameter(name, initial));
    }
}
