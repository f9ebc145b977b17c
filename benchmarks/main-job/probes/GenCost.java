import io.github.logoformer.data.*;
import java.nio.file.*;
/** Thread-CPU time to write a synthetic set (sequential, as SyntheticDfew.write does). */
public class GenCost {
    public static void main(String[] a) throws Exception {
        int clips = Integer.parseInt(a[0]); int size = Integer.parseInt(a.length > 1 ? a[1] : "64");
        Path dir = Files.createTempDirectory(Path.of("runs"), "gen");
        var bean = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t0 = bean.getProcessCpuTime(), w0 = System.nanoTime();
        new SyntheticDfew(clips, 16, 24, size, 7).write(dir.resolve("set"));
        System.out.printf("%d clips/class: process CPU %.2f s, wall %.2f s%n", clips, (bean.getProcessCpuTime() - t0) / 1e9, (System.nanoTime() - w0) / 1e9);
    }
}
