import io.github.logoformer.data.*;
import io.github.logoformer.nn.*;
import java.nio.file.*;
import java.util.*;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.*;
import org.bytedeco.pytorch.global.torch;

/** Where a training step's time goes: decode, backbone fwd+bwd, whole fwd+bwd (1 thread unless threads=). */
public class Cost {
    static long cpuNow() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
    public static void main(String[] a) throws Exception {
        Map<String, String> kv = new HashMap<>();
        for (String x : a) { String[] p = x.split("=", 2); kv.put(p[0], p[1]); }
        torch.set_num_threads(Integer.parseInt(kv.getOrDefault("threads", "1")));
        int frames = Integer.parseInt(kv.getOrDefault("frames", "16")), size = Integer.parseInt(kv.getOrDefault("size", "48"));
        int width = Integer.parseInt(kv.getOrDefault("width", "8")), dim = Integer.parseInt(kv.getOrDefault("dim", "64"));
        int batch = 16, reps = Integer.parseInt(kv.getOrDefault("reps", "10"));
        ModelConfig config = ModelConfig.builder().classes(7).frames(frames).frameSize(size).backboneWidth(width).dim(dim).heads(4).blocks(1).mlpRatio(2).attentionDropout(0.1).dropPath(0.1).build();
        ClipClassifier model = new LogoFormer(config);
        model.train(true);
        Path root = Path.of(kv.getOrDefault("root", "runs/xdg/logoformer/synthetic-dfew"));
        List<ClipRecord> train = DfewDataset.load(root, Split.TRAIN, 1);
        FrameSampler sampler = new FrameSampler(frames);
        ClipTransform transform = new ClipTransform(size);
        float[] out = new float[batch * transform.clipFloats(frames)];
        Random r = new Random(1);
        for (int w = 0; w < 2; w++) {
            long t0 = cpuNow();
            for (int k = 0; k < reps; k++) for (int c = 0; c < batch; c++) {
                ClipRecord clip = train.get((k * batch + c) % train.size());
                transform.apply(clip, sampler.trainIndices(clip.frames().size(), r), r, out, c * transform.clipFloats(frames));
            }
            double dec = (cpuNow() - t0) / 1e9 / reps;
            Tensor x = torch.randn(batch, frames, 3, size, size);
            Tensor y = torch.randint(7, new long[] {batch});
            t0 = cpuNow();
            for (int k = 0; k < reps; k++) try (PointerScope s = new PointerScope()) { model.backbone(x).sum().backward(); }
            double bb = (cpuNow() - t0) / 1e9 / reps;
            t0 = cpuNow();
            for (int k = 0; k < reps; k++) try (PointerScope s = new PointerScope()) { model.loss(model.forward(x), y, 0.1).backward(); }
            double all = (cpuNow() - t0) / 1e9 / reps;
            System.out.printf("batch %d: decode %.3f s, backbone fwd+bwd %.3f s, whole fwd+bwd %.3f s%n", batch, dec, bb, all);
        }
    }
}
