package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two traps of c10d in the Java presets (pytorch 2.10.0-1.5.13) that the dist package steps around; if a
 * later preset fixes one, its test fails and the workaround can go.
 */
class C10dPresetDefectsTest {
    @TempDir
    Path dir;

    static TCPStore store(int port, boolean server, int world) {
        TCPStoreOptions options = new TCPStoreOptions();
        options.port((short) port);
        options.isServer(server);
        options.numWorkers(new SizeTPointer(1).put(world));
        options.waitWorkers(false);
        options.timeout(new Milliseconds(20_000));
        options.useLibUV(false);
        return new TCPStore("127.0.0.1", options);
    }

    static ProcessGroupGloo gloo(Store store, int rank, int world) {
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(20_000));
        options.devices(new GlooDeviceVector(ProcessGroupGloo.createDeviceForHostname("127.0.0.1")));
        return new ProcessGroupGloo(store, rank, world, options);
    }

    /**
     * The reported "JVM crash in ProcessGroup constructors": the presets adopt a Java-allocated store with
     * {@code intrusive_ptr::unsafe_steal_from_new}, which sets its count to 1; the second adoption finds it
     * non-zero and aborts the process. (A store made by c10d, {@code store.clone()}, is safe.)
     */
    @Test
    void aJavaAllocatedStoreHandedToC10dTwiceAbortsTheJvm() throws Exception {
        Path log = dir.resolve("abort.log");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), RawStoreTwice.class.getName(), Integer.toString(WorkerJvms.freePort()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(jvm.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the JVM did not end");
        String out = Files.readString(log);
        assertEquals(134, jvm.exitValue(), "SIGABRT: " + out);
        assertTrue(out.contains("first group built") && out.contains("Newly-created target had non-zero refcounts"), out);
    }

    /** The crashing program: one raw store, two process groups of a one-rank job on it. */
    public static final class RawStoreTwice {
        public static void main(String[] args) {
            TCPStore raw = store(Integer.parseInt(args[0]), true, 1);
            gloo(raw, 0, 1);
            System.out.println("first group built");
            System.out.flush();
            gloo(raw, 0, 1);
            System.out.println("second group built: the defect is gone");
        }
    }

    /**
     * {@code allreduce} of several same-shaped tensors is the several-devices form: it sums across the list
     * too, not each tensor over the ranks. Buckets are therefore one flat tensor per call.
     */
    @Test
    void allReducingAListOfSameShapedTensorsAlsoSumsAcrossTheList() throws Exception {
        int port = WorkerJvms.freePort();
        List<CompletableFuture<float[]>> ranks = List.of(0, 1).stream().map(rank -> CompletableFuture.supplyAsync(() -> {
            TCPStore raw = store(port, rank == 0, 2);
            ProcessGroupGloo group = gloo(raw.clone(), rank, 2);
            Tensor a = torch.full(new long[] {2}, new Scalar(rank + 1.0)), b = torch.full(new long[] {2}, new Scalar(10.0 * (rank + 1)));
            AllreduceOptions sum = new AllreduceOptions();
            sum.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
            group.allreduce(new TensorVector(a, b), sum)._wait();
            group.barrier()._wait();
            float[] out = {a.get(0).item_float(), b.get(0).item_float()};
            raw.add("done", 1);
            if (rank == 0) {
                raw._wait(new org.bytedeco.pytorch.StringVector("done-all"), new Milliseconds(20_000));
            } else {
                while (raw.add("done", 0) < 2) {
                    Thread.onSpinWait();
                }
                raw.set("done-all", "1");
            }
            return out;
        }, runnable -> new Thread(runnable).start())).toList();
        for (CompletableFuture<float[]> rank : ranks) {
            // 1 + 2 + 10 + 20 in both tensors, not 3 and 30
            assertArrayEquals(new float[] {33, 33}, rank.join());
        }
    }
}
