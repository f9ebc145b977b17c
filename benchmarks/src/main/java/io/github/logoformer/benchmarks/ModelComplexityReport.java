package io.github.logoformer.benchmarks;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.SttAttention;
import io.github.logoformer.train.Recipe;
import java.util.Locale;
import org.bytedeco.pytorch.TensorVector;

/**
 * Prints parameters and forward cost per clip, from {@link ModelComplexity}: LOGO-Former and STT (each STT
 * attention) at the defaults (DESIGN.md 6), each {@link Recipe} beside its paper's figure, and LOGO-Former's
 * cost over token width and depth at 16 x 112^2 (which sizes land near the paper's 10.27 GFLOPs). Builds the
 * models of the first two tables and checks the parameter count against their tensors.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.logoformer.benchmarks.ModelComplexityReport</pre>
 */
public final class ModelComplexityReport {
    private static final long[] WIDTHS = {256, 288, 320, 384, 448, 512};
    private static final int MAX_BLOCKS = 6;

    private ModelComplexityReport() {}

    public static void main(String[] args) {
        ModelConfig config = ModelConfig.builder().build();
        System.out.println("Per clip of " + config.frames() + " frames of " + config.frameSize() + "x" + config.frameSize()
                + ", d = " + config.dim() + ", " + config.heads() + " heads, " + config.blocks() + " blocks, MLP ratio "
                + config.mlpRatio() + ", window " + config.window() + ", pool " + config.pool() + ", " + config.classes()
                + " classes:");
        Table defaults = costTable("model");
        row(defaults, "LOGO-Former", ModelKind.LOGOFORMER, config);
        for (SttAttention attention : SttAttention.values()) {
            row(defaults, "STT, " + attention.id(), ModelKind.STT, config.toBuilder().sttAttention(attention).build());
        }
        defaults.print();

        System.out.println();
        System.out.println("Recipes (lf train --recipe NAME) beside the papers' figures:");
        Table recipes = costTable("recipe");
        for (Recipe recipe : Recipe.values()) {
            ModelConfig m = recipe.model();
            String name = recipe.id() + " (d " + m.dim() + ", " + m.blocks() + " blocks"
                    + (recipe.kind() == ModelKind.STT ? ", " + m.sttAttention().id() : "") + ")";
            String paper = recipe.paperGflops().isPresent() ? format(recipe.paperGflops().getAsDouble()) : "-";
            row(recipes, name, recipe.kind(), m, paper);
            if (recipe.kind() == ModelKind.STT) {
                for (SttAttention other : SttAttention.values()) {
                    if (other != m.sttAttention()) {
                        row(recipes, recipe.id() + " --stt-attention " + other.id(), ModelKind.STT,
                                m.toBuilder().sttAttention(other).build(), paper);
                    }
                }
            }
        }
        recipes.print();

        System.out.println();
        System.out.println("LOGO-Former total GMACs per clip by token width d (rows) and blocks (columns), 16 x 112^2,"
                + " MLP ratio 4, window and pool 2x7x7; the paper reports 10.27:");
        String[] header = new String[MAX_BLOCKS + 1];
        header[0] = "d";
        for (int b = 1; b <= MAX_BLOCKS; b++) {
            header[b] = Integer.toString(b);
        }
        Table sweep = new Table(header);
        for (long d : WIDTHS) {
            String[] cells = new String[MAX_BLOCKS + 1];
            cells[0] = Long.toString(d);
            for (int b = 1; b <= MAX_BLOCKS; b++) {
                cells[b] = format(ModelComplexity.logoFormer(config.toBuilder().dim(d).blocks(b).build()).totalGmacs());
            }
            sweep.add(cells);
        }
        sweep.print();
    }

    private static Table costTable(String first) {
        return new Table(first, "parameters (M)", "backbone GMACs", "transformer GMACs",
                "total GMACs (papers' \"GFLOPs\")", "total GFLOPs (2 x MACs)", "paper's \"GFLOPs\"");
    }

    private static void row(Table table, String name, ModelKind kind, ModelConfig config) {
        row(table, name, kind, config, "-");
    }

    private static void row(Table table, String name, ModelKind kind, ModelConfig config, String paper) {
        ModelComplexity c = ModelComplexity.of(kind, config);
        ClipClassifier model = kind.build(config);
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
                format(c.totalGmacs()), format(2 * c.totalGmacs()), paper);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
