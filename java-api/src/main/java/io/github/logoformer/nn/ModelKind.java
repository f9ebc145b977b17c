package io.github.logoformer.nn;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.LogoFormer;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.Stt;
import java.util.Arrays;
import java.util.Locale;

/** Which model a run trains; the name is what command lines and checkpoints write. */
public enum ModelKind {
    LOGOFORMER, STT;

    public ClipClassifier build(ModelConfig config) {
        return this == LOGOFORMER ? new LogoFormer(config) : new Stt(config);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} ("logoformer" or "stt", any case). */
    public static ModelKind of(String id) {
        for (ModelKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("model: expected one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT)
                + ", got '" + id + "'");
    }
}
