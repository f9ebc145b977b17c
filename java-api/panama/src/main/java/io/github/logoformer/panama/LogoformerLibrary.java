package io.github.logoformer.panama;

import io.github.logoformer.abi.LibraryLocation;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code liblogoformer.so} for the FFM bindings, without JavaCPP. Search order, first match wins:
 * <ol>
 *   <li>the library file, or a folder holding it, named by {@link LibraryLocation} (the system property
 *       {@value LibraryLocation#PROPERTY}, else the environment variable {@value LibraryLocation#ENVIRONMENT}:
 *       the same override, with the same meaning, as the JavaCPP loader's; an explicit choice that fails
 *       loudly when the file does not load);
 *   <li>a library this class loader has already loaded that exports {@code lf_version}: for example the
 *       one {@code io.github.logoformer.kernels.LogoformerNative.load()} (JavaCPP) or {@code System.load}
 *       loaded, so the FFM and JavaCPP paths share one copy of the library;
 *   <li>{@code liblogoformer.so} by name through the system's dynamic loader ({@code LD_LIBRARY_PATH},
 *       the loader cache, the default folders).
 * </ol>
 * The library is looked up once, when the bindings are first used, and stays loaded for the life of
 * the JVM; a failed search fails every later call with the same error. Its OpenMP runtime is whichever
 * the library links ({@code libgomp}); a process that also runs LibTorch should load LibTorch first,
 * as the JavaCPP path does.
 */
public final class LogoformerLibrary {
    private static final String PROBE_SYMBOL = "lf_version";

    private static SymbolLookup lookup;
    private static UnsatisfiedLinkError failure;

    private LogoformerLibrary() {}

    /**
     * The symbols of the library, found by the search order above on first use.
     *
     * @throws UnsatisfiedLinkError naming what was tried, when no library was found
     */
    public static synchronized SymbolLookup lookup() {
        if (lookup == null && failure == null) {
            try {
                lookup = find(LibraryLocation.override());
            } catch (UnsatisfiedLinkError e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return lookup;
    }

    /** The search order with a given override (empty: none). */
    static SymbolLookup find(Optional<Path> override) {
        if (override.isPresent()) {
            return open(override.get());
        }
        List<String> tried = new ArrayList<>();
        SymbolLookup loaded = SymbolLookup.loaderLookup();
        if (loaded.find(PROBE_SYMBOL).isPresent()) {
            return loaded;
        }
        tried.add("libraries already loaded by this class loader");
        try {
            return SymbolLookup.libraryLookup(LibraryLocation.FILE_NAME, Arena.global());
        } catch (IllegalArgumentException e) {
            tried.add(LibraryLocation.FILE_NAME + " through the system loader (" + e.getMessage() + ")");
        }
        throw new UnsatisfiedLinkError("logoformer native library not found; tried " + String.join(", ", tried)
                + ". Set -D" + LibraryLocation.PROPERTY + " or " + LibraryLocation.ENVIRONMENT + " to the file "
                + LibraryLocation.FILE_NAME + " or its folder.");
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
