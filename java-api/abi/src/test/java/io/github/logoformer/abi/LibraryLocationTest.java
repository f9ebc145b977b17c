package io.github.logoformer.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The override names the library file or its folder, the property before the environment variable. */
class LibraryLocationTest {
    @TempDir
    Path folder;

    @Test
    void unsetMeansNoOverride() {
        assertEquals(Optional.empty(), LibraryLocation.resolve(null, null));
        assertEquals(Optional.empty(), LibraryLocation.resolve(" ", ""));
    }

    @Test
    void acceptsTheFileOrItsFolder() throws IOException {
        Path file = Files.createFile(folder.resolve(LibraryLocation.FILE_NAME));
        assertEquals(Optional.of(file), LibraryLocation.resolve(file.toString(), null));
        assertEquals(Optional.of(file), LibraryLocation.resolve(folder.toString(), null));
        assertEquals(Optional.of(file), LibraryLocation.resolve(null, folder.toString()));
    }

    @Test
    void thePropertyWinsOverTheEnvironment() throws IOException {
        Path file = Files.createFile(folder.resolve(LibraryLocation.FILE_NAME));
        assertEquals(Optional.of(file), LibraryLocation.resolve(file.toString(), "/nonexistent"));
    }

    @Test
    void aNamedPlaceWithoutTheLibraryFailsNamingIt() {
        UnsatisfiedLinkError missing = assertThrows(UnsatisfiedLinkError.class,
                () -> LibraryLocation.resolve(folder.resolve("nope.so").toString(), null));
        assertEquals("-Dlogoformer.library.path: expected liblogoformer.so or a folder holding it, got "
                + folder.resolve("nope.so") + " (no such file or folder)", missing.getMessage());
        UnsatisfiedLinkError empty = assertThrows(UnsatisfiedLinkError.class,
                () -> LibraryLocation.resolve(null, folder.toString()));
        assertEquals("LOGOFORMER_LIBRARY_PATH: expected liblogoformer.so or a folder holding it, got " + folder
                + " (a folder without liblogoformer.so)", empty.getMessage());
    }
}
