package io.github.logoformer.train;

import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes two processes' runs the same run, for a data-parallel job to check before training: the
 * model and its configuration, the training options, and the training and test lists (clip ids, labels
 * and frame counts, digested; not where the data lies, which may differ between machines).
 */
final class RunIdentity {
    private RunIdentity() {}

    static Map<String, String> of(ModelKind kind, ModelConfig config, TrainingOptions options, List<ClipRecord> train,
            List<ClipRecord> test) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("the model", kind.id() + " " + config);
        entries.put("the training options", options.toString());
        entries.put("the training list", digest(train));
        entries.put("the test list", digest(test));
        return entries;
    }

    /** "224 clips, sha256 0f3a...": the clips' ids, labels and frame counts, in list order. */
    static String digest(List<ClipRecord> clips) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ClipRecord clip : clips) {
                sha.update((clip.id() + '\t' + clip.label() + '\t' + clip.frames().size() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return clips.size() + " clips, sha256 " + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
