package io.github.logoformer.abi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The user's override of where the native library comes from, with one meaning for both bindings:
 * the system property {@value #PROPERTY}, else the environment variable {@value #ENVIRONMENT}, names
 * the library file ({@code liblogoformer.so}) or a folder holding it. Unset: each binding searches its
 * usual places (see {@code LogoformerNative} and {@code LogoformerLibrary}).
 */
public final class LibraryLocation {
    /** System property naming the library file or its folder. */
    public static final String PROPERTY = "logoformer.library.path";
    /** Environment variable read when the property is not set. */
    public static final String ENVIRONMENT = "LOGOFORMER_LIBRARY_PATH";
    /** The library's file name on this platform. */
    public static final String FILE_NAME = System.mapLibraryName("logoformer");

    private LibraryLocation() {}

    /**
     * The library file the user named, or empty when neither the property nor the variable is set.
     *
     * @throws UnsatisfiedLinkError when the named file or folder holds no library file
     */
    public static Optional<Path> override() {
        return resolve(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    /** The rule of {@link #override()} for given values of the property and the variable (null or blank: unset). */
    public static Optional<Path> resolve(String property, String environment) {
        boolean fromProperty = property != null && !property.isBlank();
        String value = fromProperty ? property : environment;
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String source = fromProperty ? "-D" + PROPERTY : ENVIRONMENT;
        Path named = Path.of(value);
        Path file = Files.isDirectory(named) ? named.resolve(FILE_NAME) : named;
        if (!Files.isRegularFile(file)) {
            String why = Files.isDirectory(named) ? "a folder without " + FILE_NAME : "no such file or folder";
            throw new UnsatisfiedLinkError(source + ": expected " + FILE_NAME + " or a folder holding it, got "
                    + value + " (" + why + ")");
        }
        return Optional.of(file.toAbsolutePath().normalize());
    }
}
