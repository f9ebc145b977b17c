package io.github.logoformer.train;

import static io.github.logoformer.train.RecipeSetting.ours;
import static io.github.logoformer.train.RecipeSetting.paper;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.nn.SttAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A paper's setup as one named value: the model, its configuration and the training options, with every
 * setting marked as the paper's or ours ({@link #settings()}). What the papers state is used as stated;
 * the rest is our documented choice.
 *
 * <p>LOGO-Former's paper states a ResNet-18 backbone pretrained on MS-Celeb-1M, N = 4 blocks, 8 heads, SGD
 * with SAM at an initial learning rate of 0.001, batch 32, 100 epochs, UAR and WAR on DFEW (5 folds) and
 * FERV39K, and about 10.27 GFLOPs per clip; it gives no token width, so ours (d = 320) is the width that
 * brings our count near that cost at 4 blocks and 16 x 112^2 (10.40 GMACs). STT's paper states a ResNet-18
 * backbone, spatial and temporal attention "jointly applied" in each block, a CLS token with
 * spatio-temporal position embeddings, the compact softmax cross-entropy, DFEW and AFEW; its recipe takes
 * LOGO-Former's sizes and training (same authors) as our choice, so the two compare like for like.
 */
public enum Recipe {
    LOGOFORMER_PAPER("logoformer-paper", ModelKind.LOGOFORMER, OptionalDouble.of(10.27)),
    STT_PAPER("stt-paper", ModelKind.STT, OptionalDouble.empty());

    /** Our choice of token width: with the paper's 4 blocks, the cost nearest its 10.27 GFLOPs (README). */
    static final long WIDTH = 320;

    private final String id;
    private final ModelKind kind;
    private final OptionalDouble paperGflops;

    Recipe(String id, ModelKind kind, OptionalDouble paperGflops) {
        this.id = id;
        this.kind = kind;
        this.paperGflops = paperGflops;
    }

    /** The name command lines use ({@code logoformer-paper}, {@code stt-paper}). */
    public String id() {
        return id;
    }

    public ModelKind kind() {
        return kind;
    }

    /** The paper's own cost per clip in "GFLOPs" (multiply-accumulates), where it reports one. */
    public OptionalDouble paperGflops() {
        return paperGflops;
    }

    /** The model: 16 frames of 112 x 112, ResNet-18 at width 64, d = 320, 8 heads, 4 blocks, 7 classes, fused ops. */
    public ModelConfig model() {
        ModelConfig.Builder b = ModelConfig.builder().frames(16).frameSize(112).backboneWidth(64).dim(WIDTH).heads(8)
                .blocks(4).mlpRatio(4).attentionDropout(0.2).dropPath(0.1).classes(7)
                .window(Grid3.of(2, 7, 7)).pool(Grid3.of(2, 7, 7));
        if (this == STT_PAPER) {
            b.sttAttention(SttAttention.DIVIDED_SPATIAL_FIRST);
        }
        return b.build();
    }

    /** SGD + SAM at lr 0.001 (cosine decay per step, no warm-up), batch 32, 100 epochs; see {@link #settings()}. */
    public TrainingOptions training() {
        return new TrainingOptions(100, 32, TrainingOptions.Optimizer.SGD, 0.001, 0, 0.9, 5e-4, 0.05, 0.1, 1,
                Precision.machineDefault());
    }

    /** Parameters and multiply-accumulates per clip of {@link #model()}. */
    public ModelComplexity cost() {
        return ModelComplexity.of(kind, model());
    }

    /** Every setting, in the order the help and the README list them, with its value read from this recipe. */
    public List<RecipeSetting> settings() {
        ModelConfig m = model();
        TrainingOptions t = training();
        boolean logo = this == LOGOFORMER_PAPER;
        String sameAuthors = "LOGO-Former paper's value (same authors)";
        List<RecipeSetting> s = new ArrayList<>();
        s.add(paper("model", logo ? "LOGO-Former" : "STT", logo
                ? "blocks of local window attention, global attention over pooled tokens, MLP"
                : "blocks of spatial and temporal attention, MLP; a CLS token with spatio-temporal position embeddings"));
        s.add(paper("backbone", "ResNet-18, width " + m.backboneWidth(),
                "conv1..layer3 per frame (256 x 7 x 7), then a 1x1 conv to d (DESIGN.md 6)"));
        String weights = "pretrained on MS-Celeb-1M; not bundled: bring the file (--backbone-weights)";
        s.add(logo ? paper("backbone weights", "MS-Celeb-1M", weights)
                : ours("backbone weights", "MS-Celeb-1M", "STT's paper names ResNet-18 only; " + weights));
        s.add(ours("frames", m.frames(), "8 segments x 2 frames (DESIGN.md 7), the DFER literature's clip"));
        s.add(ours("frame size", m.frameSize() + " x " + m.frameSize(), "the DFER literature's face crop; the cost below is at it"));
        s.add(logo ? paper("blocks", m.blocks(), "N = 4 transformer blocks") : ours("blocks", m.blocks(), sameAuthors));
        s.add(logo ? paper("heads", m.heads(), "8 attention heads") : ours("heads", m.heads(), sameAuthors));
        s.add(ours("token width d", m.dim(), logo
                ? "not stated; at 4 blocks the width whose cost is nearest the paper's 10.27 GFLOPs"
                : "as logoformer-paper, so the two compare at equal width and depth"));
        s.add(ours("MLP ratio", m.mlpRatio(), "ViT's"));
        if (logo) {
            s.add(ours("window", m.window(), "two frames of the 7 x 7 map per local window (DESIGN.md 6)"));
            s.add(ours("pool", m.pool(), "one pooled token per local window: 8 (DESIGN.md 6)"));
        } else {
            s.add(ours("STT attention", m.sttAttention().id(), "the paper names a spatial and a temporal attention in each"
                    + " block, 'jointly applied': two attentions, so divided rather than one joint attention over the clip;"
                    + " spatial first as it orders them (features within each frame, then relations among frames);"
                    + " --stt-attention joint or divided-temporal-first for the other readings"));
        }
        s.add(ours("attention dropout", m.attentionDropout(), "DESIGN.md 6"));
        s.add(ours("drop-path", m.dropPath(), "DESIGN.md 6, rising over the blocks"));
        s.add(paper("loss", "CE + lambda * compact", logo ? "the compact loss regularisation" : "compact softmax cross-entropy"));
        s.add(ours("lambda", t.lambda(), "not stated; our default"));
        s.add(logo ? paper("optimiser", "SGD + SAM", "sharpness-aware minimisation around SGD")
                : ours("optimiser", "SGD + SAM", sameAuthors));
        s.add(ours("SAM rho", t.rho(), "SAM's usual radius"));
        s.add(ours("momentum", t.momentum(), "SGD's usual value"));
        s.add(ours("weight decay", t.weightDecay(), "our default"));
        s.add(logo ? paper("learning rate", t.learningRate(), "the initial rate") : ours("learning rate", t.learningRate(), sameAuthors));
        s.add(ours("schedule", "cosine to 0 per step, " + t.warmupEpochs() + " warm-up epochs",
                "not stated beyond the initial rate: a cosine decay from it, no warm-up"));
        s.add(logo ? paper("batch", t.batchSize(), "32 clips per batch") : ours("batch", t.batchSize(), sameAuthors));
        s.add(logo ? paper("epochs", t.epochs(), "100 epochs") : ours("epochs", t.epochs(), sameAuthors));
        s.add(ours("augmentation", "random resized crop + flip per clip", "DESIGN.md 7; centred whole frame at test"));
        s.add(paper("evaluation", logo ? "UAR, WAR: DFEW 5 folds (lf cv), FERV39K" : "UAR, WAR: DFEW 5 folds (lf cv), AFEW",
                "the data sets the paper reports"));
        ModelComplexity cost = cost();
        s.add(ours("cost per clip", String.format(Locale.ROOT, "%.2f GMACs, %.2f M parameters", cost.totalGmacs(),
                cost.parameters() / 1e6), paperGflops.isPresent()
                ? String.format(Locale.ROOT, "our count (ModelComplexity); the paper: %.2f GFLOPs (MACs)", paperGflops.getAsDouble())
                : "our count (ModelComplexity)"));
        return List.copyOf(s);
    }
}
