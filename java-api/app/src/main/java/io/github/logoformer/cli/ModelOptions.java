package io.github.logoformer.cli;

import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.OpsMode;
import picocli.CommandLine.Option;

/**
 * The model a training command builds: a preset plus overrides. {@code small} is the model of the
 * main job (trains on 2 CPU cores in minutes); {@code design} is DESIGN.md 6's LOGO-Former/STT.
 */
final class ModelOptions {
    /** Starting points for the model's sizes. */
    enum Preset { small, design }

    @Option(names = "--model", description = "logoformer (default) or stt.")
    String model;

    @Option(names = "--ops", description = "fused (native kernels, default) or reference (LibTorch compositions).")
    String ops;

    @Option(names = "--preset", description = "small: 16 frames of 48x48, ResNet-18 trunk width 8, d 64, 4 heads, 1 block, MLP ratio 2, no dropout or drop-path (default with --dataset synthetic); "
            + "design: 16 frames of 112x112, width 64, d 512, 8 heads, 4 blocks (default otherwise).")
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

    ModelKind kind() {
        return model == null ? ModelKind.LOGOFORMER : ModelKind.of(model);
    }

    /** Whether any option was given (they cannot apply to a checkpoint, whose model is fixed). */
    boolean anyGiven() {
        return model != null || ops != null || preset != null || frames != null || frameSize != null
                || backboneWidth != null || dim != null || heads != null || blocks != null;
    }

    /** The model for a data set of {@code classes} classes; the small preset is the default for the synthetic set. */
    ModelConfig config(boolean synthetic, int classes) {
        Preset chosen = preset != null ? preset : synthetic ? Preset.small : Preset.design;
        ModelConfig.Builder b = ModelConfig.builder().classes(classes).ops(opsMode());
        if (chosen == Preset.small) {
            b.frames(16).frameSize(48).backboneWidth(8).dim(64).heads(4).blocks(1).mlpRatio(2)
                    .attentionDropout(0).dropPath(0);
        }
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
