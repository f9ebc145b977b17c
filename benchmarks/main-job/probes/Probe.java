import io.github.logoformer.data.*;
import io.github.logoformer.nn.*;
import io.github.logoformer.eval.*;
import io.github.logoformer.train.*;
import java.lang.management.ManagementFactory;
import java.nio.file.*;
import java.util.*;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.*;
import org.bytedeco.pytorch.global.torch;

/** Experiment harness: key=value args; prints per-epoch train loss/acc, test UAR, wall and CPU seconds. */
public class Probe {
    static Map<String, String> kv = new HashMap<>();
    static String s(String k, String d) { return kv.getOrDefault(k, d); }
    static double d(String k, double d) { return Double.parseDouble(s(k, "" + d)); }
    static int i(String k, int d) { return Integer.parseInt(s(k, "" + d)); }
    static double cpu() { return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9; }

    public static void main(String[] a) throws Exception {
        for (String x : a) { String[] p = x.split("=", 2); kv.put(p[0], p[1]); }
        if (kv.containsKey("threads")) torch.set_num_threads(i("threads", 2));
        Path root = Path.of(s("root", "runs/xdg/logoformer/synthetic-dfew"));
        int fold = i("fold", 1);
        List<ClipRecord> train = DfewDataset.load(root, Split.TRAIN, fold), test = DfewDataset.load(root, Split.TEST, fold);
        if (kv.containsKey("still")) {  // still=last|first: every frame of a clip replaced by its last (apex) or first frame
            boolean last = s("still", "last").equals("last");
            java.util.function.UnaryOperator<ClipRecord> still = c -> new ClipRecord(c.id(),
                    Collections.nCopies(c.frames().size(), c.frames().get(last ? c.frames().size() - 1 : 0)), c.label(), c.source());
            train = train.stream().map(still).toList();
            test = test.stream().map(still).toList();
        }
        int frames = i("frames", 16), size = i("size", 48);
        ModelConfig.Builder b = ModelConfig.builder().classes(7).frames(frames).frameSize(size).backboneWidth(i("width", 8))
                .dim(i("dim", 64)).heads(i("heads", 4)).blocks(i("blocks", 1)).mlpRatio(i("mlp", 2))
                .attentionDropout(d("drop", 0.1)).dropPath(d("dpath", 0.1));
        ModelConfig config = b.build();
        int epochs = i("epochs", 60), batch = i("batch", 16), warm = i("warm", 2);
        String opt0 = s("opt", "sgd");
        double lr = d("lr", 0.04), wd = d("wd", 5e-4), rho = d("rho", opt0.equals("sgd") ? 0.05 : 0), lambda = d("lambda", 0.1);
        long seed = i("seed", 1);
        String opt = s("opt", "sgd");
        boolean oneBatch = i("onebatch", 0) > 0;
        torch.manual_seed(seed);
        ClipClassifier model = ModelKind.of(s("model", "logoformer")).build(config);
        double momentum = d("momentum", 0.9);
        Sam sgd = new Sam(model.parameters(), rho, p -> opt.equals("sgd") ? new SgdMomentum(p, momentum, wd) : new io.github.logoformer.train.AdamW(p, wd));
        List<Tensor> params = sgd.parameters();
        FrameSampler sampler = new FrameSampler(frames);
        ClipTransform transform = new ClipTransform(size);
        int steps = (train.size() + batch - 1) / batch;
        if (oneBatch) steps = 1;
        CosineSchedule schedule = new CosineSchedule(lr, (long) warm * steps, (long) epochs * steps);
        System.out.printf("train %d test %d params %d config %s opt %s lr %g wd %g rho %g lambda %g batch %d%n", train.size(), test.size(),
                params.stream().mapToLong(Tensor::numel).sum(), config, opt, lr, wd, rho, lambda, batch);
        double wall0 = System.nanoTime() / 1e9, cpu0 = cpu();
        Batch fixed = null;
        long t = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochSeed = seed * 7919 + epoch;
            torch.manual_seed(epochSeed);
            model.train(true);
            double lossSum = 0; int correct = 0, count = 0;
            try (BatchLoader loader = new BatchLoader(train, sampler, transform, batch, i("aug", 1) > 0 || true, epochSeed, i("workers", 1))) {
                for (int bi = 0; loader.hasNext() && (!oneBatch || bi < 1); bi++) {
                    Batch bt = loader.next();
                    if (oneBatch) { if (fixed == null) fixed = bt; bt = fixed; }
                    double rate = schedule.at(t++);
                    final Batch cur = bt;
                    final Tensor[] logitsOut = new Tensor[1];
                    double loss;
                    try (PointerScope scope = new PointerScope()) {
                        Tensor clips = cur.clips(), labels = cur.labels();
                        java.util.function.Supplier<Tensor> f = () -> {
                            Tensor lg = model.forward(clips);
                            if (logitsOut[0] == null) logitsOut[0] = lg.detach();
                            return model.loss(lg, labels, lambda);
                        };
                        loss = sgd.step(rate, f);
                        float[][] pr = Evaluator.probabilities(logitsOut[0]);
                        for (int k = 0; k < cur.size(); k++) { if (Evaluator.argmax(pr[k]) == cur.targets()[k]) correct++; count++; }
                    }
                    lossSum += loss * cur.size();
                }
            }
            String extra = "";
            if (epoch % i("every", 1) == 0 || epoch == epochs) {
                ConfusionMatrix m = Evaluator.evaluate(model, test, batch, i("workers", 1));
                extra = String.format("test UAR %.2f", 100 * m.uar());
                if (i("evaltrain", 0) > 0) {
                    ConfusionMatrix mt = Evaluator.evaluate(model, train, batch, i("workers", 1));
                    extra += String.format(" trainEval UAR %.2f", 100 * mt.uar());
                }
            }
            System.out.printf(Locale.ROOT, "epoch %d loss %.4f trainacc %.1f %s wall %.1f cpu %.1f%n", epoch, lossSum / count,
                    100.0 * correct / count, extra, System.nanoTime() / 1e9 - wall0, cpu() - cpu0);
        }
    }

}
