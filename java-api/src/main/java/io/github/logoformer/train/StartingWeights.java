package io.github.logoformer.train;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.PretrainedBackbone;
import io.github.logoformer.nn.PyTorchWeights;
import io.github.logoformer.nn.Strictness;
import io.github.logoformer.nn.WeightsReport;
import io.github.logoformer.torchfile.TorchFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A PyTorch state dict a run's weights start from, loaded over the seeded initialisation before the
 * first epoch: a whole model ({@link PyTorchWeights}) or a pretrained ResNet-18 for the backbone's trunk
 * ({@link PretrainedBackbone}). The checkpoint records it with the file's SHA-256, and resuming requires
 * the same content (the file may have moved).
 *
 * @param part what the file holds
 * @param file its absolute path when the run started
 * @param sha256 its content's SHA-256, hex
 * @param strictness how exactly it must match
 */
public record StartingWeights(Part part, String file, String sha256, Strictness strictness) {
    /** What a starting file holds. */
    public enum Part {
        /** A whole model's state dict, in the names of {@link PyTorchWeights#stateDict}. */
        MODEL,
        /** A ResNet-18 state dict in torchvision's names, for the trunk. */
        BACKBONE
    }

    public StartingWeights {
        if (part == null || file == null || sha256 == null || strictness == null) {
            throw new IllegalArgumentException("starting weights: part, file, sha256 and strictness must be set");
        }
    }

    /** {@code file} as the start of a run's {@code part}, fingerprinted now. */
    public static StartingWeights of(Part part, Path file, Strictness strictness) {
        return new StartingWeights(part, file.toAbsolutePath().normalize().toString(), sha256(file), strictness);
    }

    /** Loads the file into {@code model}; fails, leaving the model unchanged, when it does not fit. */
    public WeightsReport applyTo(ClipClassifier model) {
        Path path = Path.of(file);
        return part == Part.MODEL ? PyTorchWeights.load(model, path, strictness)
                : PretrainedBackbone.load(model, path, strictness);
    }

    /** The same start: part, content and strictness (wherever the file now lives). */
    public boolean sameStart(StartingWeights other) {
        return part == other.part && sha256.equals(other.sha256) && strictness == other.strictness;
    }

    private static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new TorchFileException(file, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
