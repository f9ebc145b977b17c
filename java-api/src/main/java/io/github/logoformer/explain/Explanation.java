package io.github.logoformer.explain;

import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.eval.Charts;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ClsAttention;
import io.github.logoformer.run.AtomicFiles;
import io.github.logoformer.run.JsonFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Why a model decided as it did on one clip: {@link GradCam} at layer3 for the predicted (or a named)
 * class, each sampled frame's share of it, and the CLS attention maps ({@link AttentionMaps}); and the
 * figures and JSON that {@code lf explain} writes.
 */
public record Explanation(ClipInput input, GradCam gradCam, List<ClsAttention> attention, List<String> classNames) {
    /** @param target the class to explain, or -1 for the predicted one */
    public static Explanation of(ClipClassifier model, ClipInput input, int target) {
        Tensor clip = input.batch().clips();
        GradCam cam = GradCam.of(model, clip, target);
        return new Explanation(input, cam, AttentionMaps.of(model, clip),
                EvaluationReport.classNames((int) model.config().classes()));
    }

    /**
     * Writes {@code gradcam.png} (the frames, then their Grad-CAM maps on one scale), {@code frame-importance.png},
     * {@code attention.png} (one row per CLS attention layer, heads averaged, each row on its own scale) and
     * {@code explain.json} (class probabilities, the explained class, frame indices and importance) into
     * {@code folder}; returns the JSON file.
     */
    public Path write(Path folder) {
        float[] importance = floats(gradCam.frameImportance());
        String explained = classNames.get(gradCam.target());
        float[] probabilities = floats(gradCam.probabilities());
        List<String> frameCaptions = IntStream.of(input.frameIndices()).mapToObj(i -> "frame " + (i + 1)).toList();
        List<BufferedImage> frames = IntStream.range(0, frameCaptions.size())
                .mapToObj(f -> input.transform().frameImage(input.batch().pixels(), f)).toList();
        List<String> shares = IntStream.range(0, importance.length)
                .mapToObj(f -> String.format(Locale.ROOT, "%.1f%% of the map", 100 * importance[f])).toList();
        String title = String.format(Locale.ROOT, "Grad-CAM at layer3 for %s (p = %.3f), clip %s", explained,
                probabilities[gradCam.target()], input.id());
        writePng(folder.resolve("gradcam.png"), FrameOverlays.render(title, frames, frameCaptions,
                List.of(new FrameOverlays.Row("Grad-CAM, one scale for all frames", gradCam.maps(),
                        gradCam.maps().max().item_double(), shares))));
        writeImportanceChart(folder.resolve("frame-importance.png"), importance, explained);
        if (!attention.isEmpty()) {
            List<FrameOverlays.Row> rows = new ArrayList<>();
            for (ClsAttention layer : attention) {
                Tensor grid = AttentionMaps.onGrid(layer).select(0, 0);
                double clsShare = layer.cls().select(0, 0).mean().item_double();
                List<String> captions = IntStream.range(0, frames.size()).mapToObj(f -> String.format(Locale.ROOT,
                        "%.1f%% of CLS", 100 * grid.select(0, f).sum().item_double())).toList();
                rows.add(new FrameOverlays.Row(String.format(Locale.ROOT, "%s: CLS attention, heads averaged "
                        + "(%.1f%% on CLS itself)", layer.layer(), 100 * clsShare), grid, grid.max().item_double(), captions));
            }
            writePng(folder.resolve("attention.png"), FrameOverlays.render("CLS attention, clip " + input.id(),
                    frames, frameCaptions, rows));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clip", input.source());
        json.put("explained_class", explained);
        Map<String, Object> byClass = new LinkedHashMap<>();
        for (int c = 0; c < probabilities.length; c++) {
            byClass.put(classNames.get(c), (double) probabilities[c]);
        }
        json.put("probabilities", byClass);
        json.put("frame_indices", IntStream.of(input.frameIndices()).map(i -> i + 1).toArray());
        json.put("frame_importance", IntStream.range(0, importance.length).mapToDouble(f -> importance[f]).toArray());
        json.put("attention_layers", attention.stream().map(ClsAttention::layer).toList());
        Path file = folder.resolve("explain.json");
        JsonFiles.write(file, json);
        return file;
    }

    private void writeImportanceChart(Path png, float[] importance, String explained) {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(360, 40 * importance.length)).height(260)
                .title("Each frame's share of the Grad-CAM for " + explained)
                .xAxisTitle("model frame (gradcam.png names the clip frame)")
                .yAxisTitle("share of the map (%)").build();
        Charts.style(chart.getStyler()).setLegendVisible(false);
        List<String> labels = IntStream.rangeClosed(1, importance.length).mapToObj(Integer::toString).toList();
        List<Double> values = IntStream.range(0, importance.length).mapToObj(f -> 100.0 * importance[f]).toList();
        chart.addSeries("share", labels, values).setFillColor(Charts.color(0));
        Charts.writePng(png, List.of(chart));
    }

    private static void writePng(Path png, BufferedImage image) {
        AtomicFiles.write(png, file -> ImageIO.write(image, "png", file.toFile()));
    }

    static float[] floats(Tensor t) {
        Tensor flat = t.detach().to(torch.ScalarType.Float).contiguous().view(-1);
        float[] out = new float[(int) flat.numel()];
        flat.data_ptr_float().get(out);
        return out;
    }
}
