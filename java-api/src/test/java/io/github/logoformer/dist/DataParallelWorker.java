package io.github.logoformer.dist;

import io.github.logoformer.data.Shard;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.train.Sam;
import io.github.logoformer.train.SgdMomentum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * One rank of the two-process tests (started by {@link WorkerJvms} with the job in its environment).
 * Modes:
 * <ul>
 *   <li>{@code equivalence}: four SAM steps of a small MLP (no BatchNorm) on global batches of 6, 6, 3 and 1
 *       rows, each rank on its shard, then compares the weights with one process training on the whole
 *       batches in this JVM, and with rank 0's; prints {@code PASS ...};
 *   <li>{@code train FAULT}: SAM steps until something fails; rank 1 injects {@code FAULT} after step 3:
 *       {@code throw} (publishes the failure, exits 1), {@code hang} (stops calling collectives) or
 *       {@code none} (the test kills it). A rank that sees the failure prints {@code FAILED: message}
 *       and exits 3; one that its watchdog stops prints {@code WATCHDOG: message} and exits 4;
 *   <li>{@code throughput BATCH STEPS}: SAM steps of the CLI's small LOGO-Former on random clips, the
 *       job's batch of BATCH clips split over the ranks; prints {@code THROUGHPUT ...} (see
 *       {@link DataParallelThroughputBenchmark}).
 * </ul>
 * The collectives' timeout comes from {@code LF_TEST_TIMEOUT_MS} (default 30 s); the ranks may take up to
 * 2 minutes to meet (JVMs start slowly on a loaded machine).
 */
public final class DataParallelWorker {
    private static final long IN = 8, HIDDEN = 24, OUT = 5;

    private DataParallelWorker() {}

    public static void main(String[] args) {
        long timeoutMs = Long.parseLong(System.getenv().getOrDefault("LF_TEST_TIMEOUT_MS", "30000"));
        DataParallel job;
        try {
            job = DataParallel.join(DistributedEnvironment.read(System.getenv()),
                    new DataParallel.Options(Duration.ofMinutes(2), Duration.ofMillis(timeoutMs), 1500), Map.of("the test", args[0]), why -> {
                        System.out.println("WATCHDOG: " + why);
                        System.exit(4);
                    });
        } catch (DistributedException e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(3);
            return;
        }
        try {
            switch (args[0]) {
                case "equivalence" -> equivalence(job);
                case "train" -> train(job, args[1]);
                case "throughput" -> throughput(job, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                default -> throw new IllegalArgumentException("mode: " + args[0]);
            }
            job.close();
        } catch (DistributedException e) {
            job.fail(e);
            System.out.println("FAILED: " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    /** A tanh MLP whose middle layer is applied twice; 1,300 float parameters, so 1.5 kB buckets make several. */
    private static List<Tensor> mlp(long seed) {
        torch.manual_seed(seed);
        List<Tensor> p = new ArrayList<>();
        p.add(torch.randn(HIDDEN, IN).mul_(new Scalar(0.3)));
        p.add(torch.zeros(HIDDEN));
        p.add(torch.randn(HIDDEN, HIDDEN).mul_(new Scalar(0.2)));
        p.add(torch.zeros(HIDDEN));
        p.add(torch.randn(OUT, HIDDEN).mul_(new Scalar(0.3)));
        p.add(torch.zeros(OUT));
        p.forEach(t -> t.requires_grad_(true));
        return p;
    }

    private static Tensor loss(List<Tensor> p, Tensor x, Tensor y) {
        Tensor h = torch.linear(x, p.get(0), new TensorOptional(p.get(1))).tanh();
        h = torch.linear(h, p.get(2), new TensorOptional(p.get(3))).tanh();
        h = torch.linear(h, p.get(2), new TensorOptional(p.get(3))).tanh();
        return torch.mse_loss(torch.linear(h, p.get(4), new TensorOptional(p.get(5))), y);
    }

    private static TensorVector vector(List<Tensor> tensors) {
        TensorVector v = new TensorVector();
        tensors.forEach(v::push_back);
        return v;
    }

    /** This shard's rows of a batch: {@code j % count == index}, as the batch loader cuts batches. */
    private static Tensor rows(Tensor batch, Shard shard) {
        Tensor index = torch.arange(new Scalar((long) shard.index()), new Scalar(Math.max(batch.size(0), shard.index())),
                new Scalar((long) shard.count()));
        return batch.index_select(0, index);
    }

    private static void equivalence(DataParallel job) {
        int[] sizes = {6, 6, 3, 1};  // 3+3, 3+3, 2+1, 1+0 rows on the two ranks
        List<Tensor> distributed = mlp(11), reference = mlp(11);
        Sam sam = new Sam(vector(distributed), 0.05, p -> new SgdMomentum(p, 0.9, 1e-3));
        Sam alone = new Sam(vector(reference), 0.05, p -> new SgdMomentum(p, 0.9, 1e-3));
        GradientBuckets buckets = job.gradientBuckets(sam.parameters());
        torch.manual_seed(100);
        for (int s = 0; s < sizes.length; s++) {
            Tensor x = torch.randn(sizes[s], IN), y = torch.randn(sizes[s], OUT);
            Tensor mx = rows(x, job.shard()), my = rows(y, job.shard());
            buckets.weigh((int) mx.size(0), sizes[s]);
            double lr = 0.1;
            try (PointerScope scope = new PointerScope()) {
                sam.step(lr, mx.size(0) == 0 ? () -> null : () -> loss(distributed, mx, my), buckets::reduce);
                alone.step(lr, () -> loss(reference, x, y));
            }
        }
        buckets.close();
        double worst = 0;
        for (int i = 0; i < distributed.size(); i++) {
            Tensor d = distributed.get(i), r = reference.get(i);
            worst = Math.max(worst, d.sub(r).abs().max().item_double() / Math.max(1e-12, r.abs().max().item_double()));
        }
        List<Tensor> rank0 = new ArrayList<>();
        distributed.forEach(t -> rank0.add(t.detach().clone()));
        job.broadcast(rank0, "comparing with rank 0");
        boolean identical = true;
        for (int i = 0; i < distributed.size(); i++) {
            identical &= torch.equal(distributed.get(i), rank0.get(i));
        }
        GradientTraffic traffic = job.traffic();
        System.out.printf(Locale.ROOT, "%s equivalence: max relative difference to one process %.3g, identical to rank 0 %b,"
                        + " %s%n", worst < 1e-5 && identical ? "PASS" : "FAIL", worst, identical, traffic.summary());
    }

    private static void train(DataParallel job, String fault) {
        List<Tensor> params = mlp(3);
        Sam sam = new Sam(vector(params), 0.05, p -> new SgdMomentum(p, 0.9, 0));
        GradientBuckets buckets = job.gradientBuckets(sam.parameters());
        for (int step = 1; ; step++) {
            if (job.rank() == 1 && step == 4) {
                switch (fault) {
                    case "throw" -> {
                        job.fail(new IllegalStateException("simulated failure in step " + step));
                        System.out.println("threw in step " + step);
                        System.exit(1);
                    }
                    case "hang" -> {
                        System.out.println("hanging in step " + step);
                        sleep(600_000);
                    }
                    default -> { }
                }
            }
            long started = System.nanoTime();
            try (PointerScope scope = new PointerScope()) {
                Tensor x = torch.randn(4, IN), y = torch.randn(4, OUT);
                sam.step(0.01, () -> loss(params, x, y), buckets::reduce);
            } catch (DistributedException e) {
                System.out.printf(Locale.ROOT, "after %.1f s in step %d%n", (System.nanoTime() - started) / 1e9, step);
                throw e;
            }
            System.out.println("step " + step);
            sleep(50);
        }
    }

    /** Two warm-up steps, then {@code steps} timed ones; no data loading, no evaluation. */
    private static void throughput(DataParallel job, int batch, int steps) {
        ModelConfig config = ModelConfig.smallBuilder().classes(7).build();
        torch.manual_seed(1);
        ClipClassifier model = ModelKind.LOGOFORMER.build(config);
        model.train(true);
        Sam sam = new Sam(model.parameters(), 0.05, p -> new SgdMomentum(p, 0.9, 5e-4));
        GradientBuckets buckets = job.gradientBuckets(sam.parameters());
        int local = job.shard().of(java.util.stream.IntStream.range(0, batch).boxed().toList()).size();
        Tensor clips = torch.randn(local, 16, 3, 48, 48), labels = torch.randint(7, new long[] {local});
        long started = 0;
        long waitedBefore = 0;
        for (int step = -2; step < steps; step++) {
            if (step == 0) {
                job.sum(0, "starting the clock together");
                started = System.nanoTime();
                waitedBefore = job.traffic().waitNanos();
            }
            buckets.weigh(local, batch);
            try (PointerScope scope = new PointerScope()) {
                sam.step(0.01, () -> model.loss(model.forward(clips), labels, 0.1), buckets::reduce);
            }
        }
        job.sum(0, "stopping the clock together");
        double seconds = (System.nanoTime() - started) / 1e9;
        GradientTraffic traffic = job.traffic();
        System.out.printf(Locale.ROOT, "THROUGHPUT rank %d of %d, %d threads: %.2f clips/s (job), %.1f ms per step,"
                        + " %.1f kB all-reduced per step, %.1f ms per step waiting for the all-reduce%n",
                job.rank(), job.world(), torch.get_num_threads(), steps * batch / seconds, 1000 * seconds / steps,
                2 * traffic.bytesPerPass() / 1e3, (traffic.waitNanos() - waitedBefore) / 1e6 / steps);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
