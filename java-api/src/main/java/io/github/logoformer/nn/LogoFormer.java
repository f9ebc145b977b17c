package io.github.logoformer.nn;

/**
 * LOGO-Former (Ma, Sun, Li, ICASSP 2023): ResNet-18 frame tokens, then {@link LogoFormerBlock}s of local
 * window attention, global attention over pooled tokens and an MLP; classifies the CLS token.
 */
public final class LogoFormer extends ClipClassifier {
    public LogoFormer(ModelConfig config) {
        super(config, index -> new LogoFormerBlock(config, index));
    }
}
