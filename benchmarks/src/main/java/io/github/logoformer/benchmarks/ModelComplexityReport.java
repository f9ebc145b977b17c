package io.github.logoformer.benchmarks;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.LogoFormer;
import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.Stt;
import java.util.Locale;
import org.bytedeco.pytorch.TensorVector;

/**
 * Prints parameters and forward cost per clip of LOGO-Former and STT at the defaults (DESIGN.md 6), from
 * {@link ModelComplexity}; builds both models and checks the parameter count against their tensors.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.logoformer.benchmarks.ModelComplexityReport</pre>
 */
public final class ModelComplexityReport {
    private ModelComplexityReport() {}

    public static void main(String[] args) {
        ModelConfig config = ModelConfig.builder().build();
        Table table = new Table("model", "parameters (M)", "backbone GMACs", "transformer GMACs",
                "total GMACs (papers' \"GFLOPs\")", "total GFLOPs (2 x MACs)");
        row(table, "LOGO-Former", ModelComplexity.logoFormer(config), new LogoFormer(config));
        row(table, "STT", ModelComplexity.stt(config), new Stt(config));
        System.out.println("Per clip of " + config.frames() + " frames of " + config.frameSize() + "x" + config.frameSize()
                + ", d = " + config.dim() + ", " + config.heads() + " heads, " + config.blocks() + " blocks, MLP ratio "
                + config.mlpRatio() + ", window " + config.window() + ", pool " + config.pool() + ", " + config.classes()
                + " classes:");
        table.print();
    }

    private static void row(Table table, String name, ModelComplexity c, ClipClassifier model) {
        TensorVector parameters = model.parameters();
        long built = 0;
        for (long i = 0; i < parameters.size(); i++) {
            built += parameters.get(i).numel();
        }
        if (built != c.parameters()) {
            throw new IllegalStateException(name + ": built model has " + built + " parameters, the count says "
                    + c.parameters());
        }
        table.add(name, format(c.parameters() / 1e6), format(c.backboneMacs() / 1e9), format(c.transformerMacs() / 1e9),
                format(c.totalGmacs()), format(2 * c.totalGmacs()));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
