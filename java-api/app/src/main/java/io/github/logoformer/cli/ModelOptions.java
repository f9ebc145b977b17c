package io.github.logoformer.cli;

import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.OpsMode;
import io.github.logoformer.nn.SttAttention;
import io.github.logoformer.train.Recipe;
import picocli.CommandLine.Option;

/**
 * The model a training command builds: a preset or a {@link Recipe}'s model, plus overrides. {@code small}
 * is the model of the main job (trains on 2 CPU cores in minutes); {@code design} is DESIGN.md 6's
 * LOGO-Former/STT.
 */
final class ModelOptions {
    /** Starting points for the model's sizes. */
    enum Preset { small, design }

    @Option(names = "--model", description = "logoformer (default) or stt; with --recipe, the recipe's model.")
    String model;

    @Option(names = "--ops", description = "fused (native kernels, default) or reference (LibTorch compositions).")
    String ops;

    @Option(names = "--preset", description = "small: 16 frames of 48x48, ResNet-18 trunk width 8, d 64, 4 heads, 1 block, MLP ratio 2, no dropout or drop-path (default with --dataset synthetic); "
            + "design: 16 frames of 112x112, width 64, d 512, 8 heads, 4 blocks (default otherwise). Not with --recipe, which sets the sizes.")
    Preset preset;

    @Option(names = "--frames", description = "Frames per clip (even).")
    Integer frames;

    @Option(names = "--frame-size", description = "Frame side in pixels.")
    Integer frameSize;

    @Option(names = "--backbone-width", description = "ResNet-18 trunk's first stage width.")
    Integer backboneWidth;

    @Option(names = "--dim", description = "Token width d.")
    Integer dim;

    @Option(names = "--heads", description = "Attention heads.")
    Integer heads;

    @Option(names = "--blocks", description = "Transformer blocks.")
    Integer blocks;

    @Option(names = "--stt-attention", paramLabel = "KIND", description = "STT only: joint (one attention over the whole "
            + "F x H x W clip), divided-temporal-first (default) or divided-spatial-first.")
    String sttAttention;

    /** The model kind: --model, else the recipe's, else LOGO-Former; a --model other than the recipe's is refused. */
    ModelKind kind(Recipe recipe) {
        ModelKind named = model == null ? null : ModelKind.of(model);
        if (recipe != null && named != null && named != recipe.kind()) {
            throw new IllegalArgumentException("--model: recipe " + recipe.id() + " trains " + recipe.kind().id()
                    + ", got '" + model + "'; drop --model or choose another recipe");
        }
        return named != null ? named : recipe != null ? recipe.kind() : ModelKind.LOGOFORMER;
    }

    /** The kind without a recipe: --model, else LOGO-Former. */
    ModelKind kind() {
        return kind(null);
    }

    /** Whether any option was given (they cannot apply to a checkpoint, whose model is fixed). */
    boolean anyGiven() {
        return model != null || ops != null || preset != null || frames != null || frameSize != null
                || backboneWidth != null || dim != null || heads != null || blocks != null || sttAttention != null;
    }

    /** The configuration without a recipe (see {@link #config(boolean, int, Recipe)}). */
    ModelConfig config(boolean synthetic, int classes) {
        return config(synthetic, classes, null);
    }

    /**
     * The configuration for a data set of {@code classes} classes: the recipe's model if one is given, else
     * the preset (small by default on the synthetic set, design otherwise), then every size option that was
     * given; the class count always follows the data set.
     */
    ModelConfig config(boolean synthetic, int classes, Recipe recipe) {
        ModelConfig.Builder b;
        if (recipe != null) {
            if (preset != null) {
                throw new IllegalArgumentException("--preset: recipe " + recipe.id() + " sets the model's sizes;"
                        + " give one of --preset and --recipe (size options override either)");
            }
            b = recipe.model().toBuilder();
        } else {
            Preset chosen = preset != null ? preset : synthetic ? Preset.small : Preset.design;
            b = chosen == Preset.small ? ModelConfig.smallBuilder() : ModelConfig.builder();
        }
        b.classes(classes).ops(opsMode());
        if (frames != null) {
            b.frames(frames);
        }
        if (frameSize != null) {
            b.frameSize(frameSize);
        }
        if (backboneWidth != null) {
            b.backboneWidth(backboneWidth);
        }
        if (dim != null) {
            b.dim(dim);
        }
        if (heads != null) {
            b.heads(heads);
        }
        if (blocks != null) {
            b.blocks(blocks);
        }
        if (sttAttention != null) {
            b.sttAttention(NamedChoice.of("--stt-attention", SttAttention.values(), SttAttention::id, sttAttention));
        }
        if (recipe != null && (frames != null || frameSize != null)) {
            // The recipe's window and pool fit its 16 x 7 x 7 grid; another grid gets the defaults for its size.
            b.window(null).pool(null);
        }
        return b.build();
    }

    private OpsMode opsMode() {
        return switch (ops == null ? "fused" : ops) {
            case "fused" -> OpsMode.FUSED;
            case "reference" -> OpsMode.REFERENCE;
            default -> throw new IllegalArgumentException("--ops: expected fused or reference, got '" + ops + "'");
        };
    }
}
