import io.github.logoformer.abi.LibraryLocation;
import io.github.logoformer.kernels.LogoformerNative;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * Checks the installed artifacts from a consumer's side (class path = ~/.m2 only): the README shows
 * this project's dependency block and Sample.java verbatim; the jars hold what they should, with
 * license and version metadata and no path of the build machine; the native libraries' RUNPATH is
 * $ORIGIN only; the libraries load from JavaCPP's cache, or from the folder named by
 * logoformer.library.path. Run by `./lf sample` with the repository root as argument.
 */
public final class ArtifactChecks {
    private static final String NATIVE_DIR = "io/github/logoformer/kernels/linux-x86_64/";
    private static final List<String> LIBRARIES =
            List.of(System.mapLibraryName("logoformer"), System.mapLibraryName("jniLogoformerNative"));

    private final List<String> failures = new ArrayList<>();
    private int passed;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--print-loaded-libraries")) { // the child JVM of libraryPathOverrideWins
            LogoformerNative.load();
            mappedLibraries().forEach(System.out::println);
            return;
        }
        ArtifactChecks checks = new ArtifactChecks();
        checks.run(Path.of(args[0]).toRealPath());
        checks.failures.forEach(f -> System.out.println("FAILED: " + f));
        System.out.printf("artifact checks: %d passed, %d failed%n", checks.passed, checks.failures.size());
        System.exit(checks.failures.isEmpty() ? 0 : 1);
    }

    private void check(boolean ok, String claim) {
        if (ok) {
            passed++;
        } else {
            failures.add(claim);
        }
    }

    private void run(Path root) throws Exception {
        String version = match(Files.readString(root.resolve("pom.xml")),
                "<artifactId>logoformer-parent</artifactId>\\s*<version>([^<]+)</version>");
        Path sample = root.resolve("java-api/sample");
        check(match(Files.readString(sample.resolve("pom.xml")), "<artifactId>logoformer-platform</artifactId>\\s*<version>([^<]+)</version>")
                .equals(version), "the sample depends on version " + version + " of the reactor");
        readmeShowsTheSampleVerbatim(root);

        Path apiJar = Path.of(LogoformerNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        URL library = LogoformerNative.class.getResource("linux-x86_64/" + LIBRARIES.get(0));
        check(library != null && library.getProtocol().equals("jar"), "liblogoformer.so is on the class path, in a jar: " + library);
        Path nativeJar = Path.of(new URL(library.getPath().substring(0, library.getPath().indexOf("!/"))).toURI());
        Path platformJar = apiJar.resolveSibling("../../logoformer-platform/" + version + "/logoformer-platform-" + version + ".jar").normalize();
        for (Path jar : List.of(apiJar, nativeJar, platformJar)) {
            check(!jar.toRealPath().startsWith(root), jar + " comes from the local repository, not the build tree");
        }
        check(apiJar.getFileName().toString().equals("logoformer-" + version + ".jar"), "API jar name: " + apiJar);
        check(nativeJar.getFileName().toString().equals("logoformer-" + version + "-linux-x86_64.jar"), "native jar name: " + nativeJar);
        for (String extra : List.of("sources", "javadoc")) {
            check(Files.isRegularFile(apiJar.resolveSibling("logoformer-" + version + "-" + extra + ".jar")), extra + " jar installed");
        }

        try (JarFile api = new JarFile(apiJar.toFile()); JarFile nat = new JarFile(nativeJar.toFile());
                JarFile platform = new JarFile(platformJar.toFile())) {
            for (JarFile jar : List.of(api, nat, platform)) {
                Manifest manifest = jar.getManifest();
                check(version.equals(manifest.getMainAttributes().getValue("Implementation-Version")), jar.getName() + ": Implementation-Version " + version);
                check("Apache-2.0".equals(manifest.getMainAttributes().getValue("Bundle-License")), jar.getName() + ": Bundle-License");
                check(jar.getEntry("META-INF/LICENSE") != null, jar.getName() + ": META-INF/LICENSE");
                check(!containsBytes(jar, root.toString()), jar.getName() + ": no entry mentions the build tree " + root);
            }
            check(api.stream().noneMatch(e -> e.getName().endsWith(".so")), "the API jar holds no native library");
            check(api.stream().noneMatch(e -> e.getName().startsWith("io/github/logoformer/cli/")),
                    "the library jar holds no command-line classes");
            List<String> nativeFiles = new ArrayList<>();
            nat.stream().filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/")).forEach(e -> nativeFiles.add(e.getName()));
            Collections.sort(nativeFiles);
            check(nativeFiles.equals(LIBRARIES.stream().map(l -> NATIVE_DIR + l).sorted().toList()),
                    "the native jar holds exactly our two libraries, got " + nativeFiles);
            check(platform.stream().allMatch(e -> e.getName().startsWith("META-INF/")), "the platform jar holds metadata only");

            Path extracted = Files.createTempDirectory("logoformer-libs");
            for (String lib : LIBRARIES) {
                try (InputStream in = nat.getInputStream(nat.getEntry(NATIVE_DIR + lib))) {
                    Files.copy(in, extracted.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
                }
                runpathIsOriginOnly(extracted.resolve(lib));
            }
            loadsFromTheJavaCppCache(root);
            libraryPathOverrideWins(extracted, extracted.toString());
            libraryPathOverrideWins(extracted, extracted.resolve(LIBRARIES.get(0)).toString());
        }
        String classPath = System.getProperty("java.class.path");
        check(!classPath.contains("picocli"), "a consumer of the library gets no picocli: " + classPath);
        check(!classPath.contains("javacv") && !classPath.contains("ffmpeg") && !classPath.contains("opencv"),
                "a consumer of the library downloads no video stack (javacv, FFmpeg, OpenCV: logoformer-video): " + classPath);
        check(classPath.contains("logoformer-abi-" + version + ".jar"), "the ABI types come with the library as logoformer-abi");
        int[] v = java.util.Arrays.stream(version.replace("-SNAPSHOT", "").split("\\.")).mapToInt(Integer::parseInt).toArray();
        check(LogoformerNative.version() == v[0] * 10000 + v[1] * 100 + v[2],
                "lf_version() " + LogoformerNative.version() + " matches the Maven version " + version);
    }

    /** Each `<!-- verbatim: FILE [ELEMENT] -->` marker in the README is followed by a code block equal to FILE (or its ELEMENT). */
    private void readmeShowsTheSampleVerbatim(Path root) throws IOException {
        Matcher m = Pattern.compile("<!-- verbatim: (\\S+)(?: <(\\w+)>)? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(Files.readString(root.resolve("README.md")));
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            String file = Files.readString(root.resolve(m.group(1))).stripTrailing();
            String expected = m.group(2) == null ? file : element(file, m.group(2));
            check(m.group(3).equals(expected), "README block " + m.group(1) + " " + (m.group(2) == null ? "" : m.group(2)) + " is verbatim");
            shown.add(m.group(1));
        }
        check(shown.containsAll(List.of("java-api/sample/pom.xml", "java-api/sample/src/main/java/Sample.java")),
                "the README shows the sample's pom dependencies and Sample.java, got " + shown);
    }

    /** The first {@code <name>...</name>} element of an XML text, unindented by its opening tag's indentation. */
    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("(?m)^( *)<" + name + ">.*?</" + name + ">", Pattern.DOTALL).matcher(xml);
        if (!m.find()) {
            return "<no " + name + " element>";
        }
        return m.group().replaceAll("(?m)^" + m.group(1), "");
    }

    private void runpathIsOriginOnly(Path library) throws IOException, InterruptedException {
        Process readelf = new ProcessBuilder("readelf", "-d", library.toString()).redirectErrorStream(true).start();
        String dynamic = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check(readelf.waitFor() == 0, "readelf -d " + library.getFileName() + ": " + dynamic);
        Matcher m = Pattern.compile("\\((RUNPATH|RPATH)\\)\\s+Library r(?:un)?path: \\[(.*)]").matcher(dynamic);
        while (m.find()) {
            System.out.println("  " + library.getFileName() + " " + m.group(1) + " [" + m.group(2) + "]");
            for (String entry : m.group(2).split(":")) {
                check(entry.equals("$ORIGIN") || entry.startsWith("$ORIGIN/"),
                        library.getFileName() + " " + m.group(1) + " holds only $ORIGIN paths, got " + entry);
            }
        }
    }

    private void loadsFromTheJavaCppCache(Path root) throws IOException {
        LogoformerNative.load();
        String cache = Loader.getCacheDir().getCanonicalPath();
        List<String> loaded = mappedLibraries();
        check(loaded.size() == 2, "both libraries are mapped, got " + loaded);
        for (String path : loaded) {
            System.out.println("  loaded " + path);
            check(path.startsWith(cache + "/") && !Path.of(path).startsWith(root), path + " was extracted to JavaCPP's cache " + cache);
        }
    }

    /** The override names the folder or the library file itself: both libraries then load from that folder. */
    private void libraryPathOverrideWins(Path folder, String override) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-D" + LibraryLocation.PROPERTY + "=" + override,
                "-cp", System.getProperty("java.class.path"), ArtifactChecks.class.getName(), "--print-loaded-libraries")
                .redirectErrorStream(true).start();
        List<String> loaded = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("/")).toList();
        check(child.waitFor() == 0 && loaded.size() == 2 && loaded.stream().allMatch(p -> p.startsWith(folder.toString() + "/")),
                "-D" + LibraryLocation.PROPERTY + "=" + override + " loads both libraries from " + folder + ", got " + loaded);
    }

    /** The files of liblogoformer.so and its JNI glue mapped into this process. */
    private static List<String> mappedLibraries() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(p -> LIBRARIES.stream().anyMatch(lib -> p.endsWith("/" + lib)))
                .distinct().toList();
    }

    private static boolean containsBytes(JarFile jar, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (var entry : Collections.list(jar.entries())) {
            try (InputStream in = jar.getInputStream(entry)) {
                byte[] data = in.readAllBytes();
                outer:
                for (int i = 0; i + needle.length <= data.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (data[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "<no match for " + regex + ">";
    }
}
