package io.github.logoformer.nn;

import java.util.Locale;

/**
 * A stage of the {@link ResNet18Trunk} whose output a caller can take (Grad-CAM's layer): ResNet-18's
 * layer1, layer2 or layer3 (the trunk's output), at strides 4, 8 and 16 of the frame.
 */
public enum TrunkStage {
    LAYER1, LAYER2, LAYER3;

    /** "layer1", "layer2", "layer3": torchvision's module names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many frame pixels one output position spans along each side. */
    public long stride() {
        return 4L << ordinal();
    }
}
