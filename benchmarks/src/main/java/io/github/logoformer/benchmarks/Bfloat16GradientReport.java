package io.github.logoformer.benchmarks;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.OpsMode;
import io.github.logoformer.nn.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * How far one training step's parameter gradients under bfloat16 autocast are from float64, for the main job's
 * model (the CLI's small LOGO-Former, {@link ModelConfig#smallBuilder()}: 16 frames of 48 x 48, d 64, 1 block)
 * on a random batch of 16 clips in training mode: the relative RMS error ||g - g64|| / ||g64|| of every
 * parameter's gradient against the reference ops in float64 on the same weights, for the fused and the
 * reference model under autocast and the fused model in float32, summarised by part (ResNet trunk, the rest):
 * median and largest over the part's tensors, and the error of the part's gradient as one vector ("whole",
 * the one an optimiser step follows; a batch norm's bias gradient is a sum that nearly cancels, so its own
 * relative error is large even in float32).
 * It shows where bfloat16 training is noisy (the trunk's backward, LibTorch's convolutions and batch norms in
 * bfloat16, fused and reference alike), which the op and model tests cannot: they compare fused with reference.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.logoformer.benchmarks.Bfloat16GradientReport [SEED]</pre>
 */
public final class Bfloat16GradientReport {
    private static final int BATCH = 16;
    private static final double COMPACT_LOSS_WEIGHT = 0.1;

    private Bfloat16GradientReport() {}

    public static void main(String[] args) {
        int seed = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        ModelConfig fused = ModelConfig.smallBuilder().classes(7).build();
        ModelConfig reference = fused.withOps(OpsMode.REFERENCE);
        torch.manual_seed(seed);
        Tensor clips = torch.randn(BATCH, fused.frames(), 3, fused.frameSize(), fused.frameSize());
        Tensor targets = torch.randint(fused.classes(), new long[] {BATCH});
        Map<String, Tensor> oracle = gradients(reference, seed, clips.to(torch.ScalarType.Double), targets, Precision.FP32, true);

        System.out.printf(Locale.ROOT, "Relative RMS error of each parameter's gradient against float64 (seed %d, batch %d):%n",
                seed, BATCH);
        Table table = new Table("model", "trunk: median", "max", "whole", "rest: median", "max", "whole", "largest");
        row(table, "fused, bf16 autocast", oracle, gradients(fused, seed, clips, targets, Precision.BF16, false));
        row(table, "reference, bf16 autocast", oracle, gradients(reference, seed, clips, targets, Precision.BF16, false));
        row(table, "fused, fp32", oracle, gradients(fused, seed, clips, targets, Precision.FP32, false));
        table.print();
    }

    /** One training step's gradient of every parameter, as float64, by name; the weights are seeded alike. */
    private static Map<String, Tensor> gradients(ModelConfig config, int seed, Tensor clips, Tensor targets,
            Precision precision, boolean float64) {
        torch.manual_seed(seed + 1);
        ClipClassifier model = ModelKind.LOGOFORMER.build(config);
        if (float64) {
            model.to(torch.ScalarType.Double, false);
        }
        model.train(true);
        Tensor loss;
        try (var scope = precision.enter()) {
            loss = model.loss(model.forward(clips), targets, COMPACT_LOSS_WEIGHT);
        }
        loss.backward();
        Map<String, Tensor> byName = new LinkedHashMap<>();
        StringTensorDict parameters = model.named_parameters(true);
        for (long i = 0; i < parameters.size(); i++) {
            byName.put(parameters.get(i).key().getString(), parameters.get(i).value().grad().to(torch.ScalarType.Double));
        }
        return byName;
    }

    private static void row(Table table, String name, Map<String, Tensor> oracle, Map<String, Tensor> got) {
        List<Double> trunk = new ArrayList<>(), rest = new ArrayList<>();
        double[] squares = new double[4];  // trunk error, trunk gradient, rest error, rest gradient
        String largest = "";
        double largestError = -1;
        for (var entry : oracle.entrySet()) {
            Tensor want = entry.getValue();
            double difference = got.get(entry.getKey()).sub(want).norm().item_double(), norm = want.norm().item_double();
            double error = difference / norm;
            boolean inTrunk = entry.getKey().startsWith("backbone.trunk.");
            (inTrunk ? trunk : rest).add(error);
            squares[inTrunk ? 0 : 2] += difference * difference;
            squares[inTrunk ? 1 : 3] += norm * norm;
            if (error > largestError) {
                largestError = error;
                largest = entry.getKey();
            }
        }
        double[] trunkErrors = trunk.stream().mapToDouble(Double::doubleValue).toArray();
        double[] restErrors = rest.stream().mapToDouble(Double::doubleValue).toArray();
        table.add(name, percent(Statistics.median(trunkErrors)), percent(Statistics.max(trunkErrors)),
                percent(Math.sqrt(squares[0] / squares[1])), percent(Statistics.median(restErrors)),
                percent(Statistics.max(restErrors)), percent(Math.sqrt(squares[2] / squares[3])), largest);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3g %%", 100 * fraction);
    }
}
