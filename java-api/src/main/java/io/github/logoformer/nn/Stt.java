package io.github.logoformer.nn;

/**
 * STT, the Spatio-Temporal Transformer (Ma, Sun, Li, 2022): ResNet-18 frame tokens, then {@link SttBlock}s
 * of joint or divided space-time attention ({@link ModelConfig#sttAttention()}) and an MLP; classifies the
 * CLS token. Ignores {@link ModelConfig#window()} and {@link ModelConfig#pool()}.
 */
public final class Stt extends ClipClassifier {
    public Stt(ModelConfig config) {
        super(config, index -> new SttBlock(config, index));
    }
}
