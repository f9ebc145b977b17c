package io.github.logoformer.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.LibraryLocation;
import io.github.logoformer.kernels.LogoformerNative;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library search order: an explicit file or folder (what a framework without JavaCPP uses), then
 * loaded libraries; a missing library fails the raw bindings with the loader's own error.
 */
class LogoformerLibraryTest {
    private static int version(SymbolLookup lookup) throws Throwable {
        return (int) Linker.nativeLinker()
                .downcallHandle(lookup.find("lf_version").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT))
                .invokeExact();
    }

    @Test
    void anExplicitPathLoadsThatFileWithoutJavaCpp(@TempDir Path dir) throws Throwable {
        // The library file the main jar carries, copied out as a framework would ship it.
        Path library = dir.resolve("liblogoformer.so");
        try (InputStream in = LogoformerNative.class.getResourceAsStream("linux-x86_64/liblogoformer.so")) {
            Files.copy(in, library);
        }
        assertEquals(LogoformerNative.version(), version(LogoformerLibrary.find(Optional.of(library))));
    }

    @Test
    void aMissingExplicitFileFailsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here.so");
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> LogoformerLibrary.open(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot load the logoformer library"), e.getMessage());
    }

    @Test
    void anExplicitFolderLoadsTheLibraryInIt(@TempDir Path dir) throws Throwable {
        try (InputStream in = LogoformerNative.class.getResourceAsStream("linux-x86_64/liblogoformer.so")) {
            Files.copy(in, dir.resolve("liblogoformer.so"));
        }
        assertEquals(LogoformerNative.version(), version(LogoformerLibrary.find(
                LibraryLocation.resolve(dir.toString(), null))));
    }

    @Test
    void withoutAPathItUsesTheLibraryJavaCppLoaded() throws Throwable {
        LogoformerNative.load();
        assertEquals(LogoformerNative.version(), version(LogoformerLibrary.find(Optional.empty())));
    }

    @Test
    void aBindingCallWithoutTheLibraryThrowsTheLoadErrorNotAnAssertion() {
        UnsatisfiedLinkError load = new UnsatisfiedLinkError("logoformer native library not found");
        assertEquals(load, assertThrows(UnsatisfiedLinkError.class,
                () -> logoformer_h.callFailure(new ExceptionInInitializerError(load))));
        IllegalStateException confined = new IllegalStateException("segment of another thread");
        assertEquals(confined, assertThrows(IllegalStateException.class, () -> logoformer_h.callFailure(confined)));
    }
}
