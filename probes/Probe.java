import io.github.logoformer.data.*;
import io.github.logoformer.nn.*;
import io.github.logoformer.ops.Grid3;
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
        int frames = i("frames", 16), size = i("size", 48);
        ModelConfig.Builder b = ModelConfig.builder().classes(7).frames(frames).frameSize(size).backboneWidth(i("width", 8))
                .dim(i("dim", 64)).heads(i("heads", 4)).blocks(i("blocks", 1)).mlpRatio(i("mlp", 2))
                .attentionDropout(d("drop", 0.1)).dropPath(d("dpath", 0.1));
        ModelConfig config = b.build();
        int epochs = i("epochs", 60), batch = i("batch", 16), warm = i("warm", 2);
        double lr = d("lr", 0.04), wd = d("wd", 5e-4), rho = d("rho", 0.05), lambda = d("lambda", 0.1);
        long seed = i("seed", 1);
        String opt = s("opt", "sgd");
        boolean oneBatch = i("onebatch", 0) > 0;
        torch.manual_seed(seed);
        ClipClassifier model = ModelKind.of(s("model", "logoformer")).build(config);
        SamSgd sgd = new SamSgd(model.parameters(), d("momentum", 0.9), opt.equals("sgd") ? wd : 0, rho);
        List<Tensor> params = sgd.parameters();
        // AdamW state
        List<Tensor> m1 = new ArrayList<>(), m2 = new ArrayList<>();
        for (Tensor p : params) { m1.add(p.detach().clone().zero_()); m2.add(p.detach().clone().zero_()); }
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
                        if (opt.equals("sgd")) {
                            loss = sgd.step(rate, f);
                        } else {
                            for (Tensor p : params) if (p.grad().defined()) p.grad().zero_();
                            Tensor l = f.get(); l.backward(); loss = l.item_double();
                            adamw(params, m1, m2, t, rate, wd, d("b2", 0.999));
                        }
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

    static void adamw(List<Tensor> params, List<Tensor> m1, List<Tensor> m2, long t, double lr, double wd, double b2) {
        double b1 = 0.9, eps = 1e-8;
        try (NoGradGuard g = new NoGradGuard()) {
            for (int k = 0; k < params.size(); k++) {
                Tensor p = params.get(k), gr = p.grad();
                if (!gr.defined()) continue;
                if (p.dim() > 1) p.mul_(new Scalar(1 - lr * wd));
                m1.get(k).mul_(new Scalar(b1)).add_(gr, new Scalar(1 - b1));
                m2.get(k).mul_(new Scalar(b2)).addcmul_(gr, gr, new Scalar(1 - b2));
                double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
                Tensor denom = m2.get(k).div(new Scalar(c2)).sqrt_().add_(new Scalar(eps));
                p.addcdiv_(m1.get(k), denom, new Scalar(-lr / c1));
            }
        }
    }
}
