package io.github.logoformer.nn;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What loading a state dict did.
 *
 * @param file the file read
 * @param location where the state dict was in it (see {@link io.github.logoformer.torchfile.StateDict})
 * @param target what it was loaded into, e.g. {@code the ResNet-18 trunk}
 * @param loaded tensors copied
 * @param missing the target's tensors the file lacks (kept as they were; only with {@link Strictness#LENIENT})
 * @param unexpected the file's tensors the target lacks though they belong to it (only with {@link Strictness#LENIENT})
 * @param untracked batch norms' {@code num_batches_tracked} counters the file lacks (older PyTorch did not save
 *     them; they are kept, as PyTorch does)
 * @param unused the file's tensors outside what the target covers (a ResNet-18's {@code layer4.*} and {@code fc.*}
 *     for its trunk), ignored
 */
public record WeightsReport(Path file, String location, String target, int loaded, List<String> missing,
        List<String> unexpected, List<String> untracked, List<String> unused) {
    public WeightsReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        untracked = List.copyOf(untracked);
        unused = List.copyOf(unused);
    }

    /** One line for a log: what was loaded from where, and what was left aside. */
    public String summary() {
        StringBuilder line = new StringBuilder(file.toString()).append(": loaded ").append(loaded).append(" tensors into ")
                .append(target).append(" from ").append(location);
        if (!unused.isEmpty()) {
            line.append("; ignored ").append(unused.size()).append(" outside it (").append(String.join(", ", groups(unused)))
                    .append(")");
        }
        if (!untracked.isEmpty()) {
            line.append("; ").append(untracked.size()).append(" num_batches_tracked counters not in the file (kept)");
        }
        if (!missing.isEmpty()) {
            line.append("; missing, kept as they were: ").append(abbreviate(missing));
        }
        if (!unexpected.isEmpty()) {
            line.append("; unexpected, ignored: ").append(abbreviate(unexpected));
        }
        return line.toString();
    }

    /** The first name component of each key, once each: {@code layer4, fc}. */
    static Set<String> groups(List<String> keys) {
        Set<String> groups = new LinkedHashSet<>();
        for (String key : keys) {
            int dot = key.indexOf('.');
            groups.add(dot < 0 ? key : key.substring(0, dot) + ".*");
        }
        return groups;
    }

    /** At most five names, then how many more. */
    static String abbreviate(List<String> names) {
        int shown = Math.min(5, names.size());
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }
}
