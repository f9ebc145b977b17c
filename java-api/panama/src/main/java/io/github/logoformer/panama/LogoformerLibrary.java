package io.github.logoformer.panama;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code liblogoformer.so} for the FFM bindings, without JavaCPP. Search order, first match wins:
 * <ol>
 *   <li>the file named by the system property {@value #PATH_PROPERTY}, else by the environment variable
 *       {@value #PATH_ENV} (an explicit choice that fails loudly when the file does not load);
 *   <li>a library this class loader has already loaded that exports {@code lf_version}: for example the
 *       one {@code io.github.logoformer.kernels.LogoformerNative.load()} (JavaCPP) or {@code System.load}
 *       loaded, so the FFM and JavaCPP paths share one copy of the library;
 *   <li>{@code liblogoformer.so} by name through the system's dynamic loader ({@code LD_LIBRARY_PATH},
 *       the loader cache, the default folders).
 * </ol>
 * The library is looked up once, when the bindings are first used, and stays loaded for the life of
 * the JVM. Its OpenMP runtime is whichever the library links ({@code libgomp}); a process that also
 * runs LibTorch should load LibTorch first, as the JavaCPP path does.
 */
public final class LogoformerLibrary {
    /** System property: path of the library file to load. */
    public static final String PATH_PROPERTY = "logoformer.library.path";
    /** Environment variable: path of the library file to load, when the property is not set. */
    public static final String PATH_ENV = "LOGOFORMER_LIBRARY_PATH";

    private static final String PROBE_SYMBOL = "lf_version";

    private LogoformerLibrary() {}

    /** The symbols of the library, found by the search order above on first use. */
    public static SymbolLookup lookup() {
        return Resolved.LOOKUP;
    }

    private static final class Resolved {
        static final SymbolLookup LOOKUP = find(explicitPath());
    }

    private static String explicitPath() {
        String path = System.getProperty(PATH_PROPERTY);
        return path != null && !path.isBlank() ? path : System.getenv(PATH_ENV);
    }

    /** The search order with a given explicit path (null or blank: none). */
    static SymbolLookup find(String explicitPath) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            return open(Path.of(explicitPath));
        }
        List<String> tried = new ArrayList<>();
        SymbolLookup loaded = SymbolLookup.loaderLookup();
        if (loaded.find(PROBE_SYMBOL).isPresent()) {
            return loaded;
        }
        tried.add("libraries already loaded by this class loader");
        String name = System.mapLibraryName("logoformer");
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            tried.add(name + " through the system loader (" + e.getMessage() + ")");
        }
        throw new UnsatisfiedLinkError("logoformer native library not found; tried " + String.join(", ", tried)
                + ". Set -D" + PATH_PROPERTY + "=/path/to/" + name + " or " + PATH_ENV + ".");
    }

    /** Loads the library file at {@code path}; fails naming the path when it does not load. */
    static SymbolLookup open(Path path) {
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(path, Arena.global());
            if (lookup.find(PROBE_SYMBOL).isEmpty()) {
                throw new UnsatisfiedLinkError(path + ": loaded, but it does not export " + PROBE_SYMBOL);
            }
            return lookup;
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError(path + ": cannot load the logoformer library (" + e.getMessage() + ")");
        }
    }
}
