package io.github.logoformer.data;

import java.nio.file.Path;

/**
 * Where the clip folders a list file names may lie. By default only inside the data set's root, so that
 * a list (often downloaded with the data) cannot make the loader read other folders through an absolute
 * path or {@code ..}. The check is on the path as written, normalised: symbolic links inside the root
 * are followed wherever they lead (the owner of the tree placed them).
 */
public enum ClipPaths {
    /** Inside the root only (the default). */
    INSIDE_ROOT,
    /** Anywhere: absolute paths and paths through {@code ..} are followed, for clips kept elsewhere. */
    ANYWHERE;

    /** {@code root.resolve(entry)}, refused at {@code list:line} when it leaves the root and that is not allowed. */
    Path resolve(Path root, String entry, Path list, int line) {
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(entry).normalize();
        if (this == INSIDE_ROOT && !resolved.startsWith(base)) {
            throw new DatasetException(list, line, "clip path '" + entry + "' is outside the data set root " + base
                    + " (allow clips elsewhere explicitly: ClipPaths.ANYWHERE, lf --clips-anywhere)");
        }
        return resolved;
    }
}
