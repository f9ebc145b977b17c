import java.util.*;
public class GaussCost {
    public static void main(String[] a) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 10_000_000; double s = 0;
        for (int rep = 0; rep < 2; rep++) {
            Random r = new Random(1); SplittableRandom sr = new SplittableRandom(1);
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) s += r.nextGaussian();
            long t1 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) s += sr.nextGaussian();
            long t2 = bean.getCurrentThreadCpuTime();
            System.out.printf("ns per gaussian: Random %.1f, SplittableRandom %.1f (%f)%n", (t1 - t0) / (double) n, (t2 - t1) / (double) n, s);
        }
    }
}
