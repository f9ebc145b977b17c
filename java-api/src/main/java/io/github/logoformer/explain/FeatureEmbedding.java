package io.github.logoformer.explain;

import io.github.logoformer.eval.Charts;
import io.github.logoformer.run.AtomicFiles;
import io.github.logoformer.run.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One model's clip features reduced to 2-D by {@link Tsne}, with how compact its classes are: the
 * silhouette in the feature space (the number to compare, t-SNE distorts distances) and in the plot.
 *
 * @param name the plot's title (the checkpoint)
 * @param points one (x, y) per clip, in {@code features.clips()} order
 */
public record FeatureEmbedding(String name, ClipFeatures features, double[][] points, double featureSilhouette,
        double planeSilhouette) {
    public static FeatureEmbedding of(String name, ClipFeatures features, double perplexity, int iterations, long seed) {
        double[][] points = Tsne.embed(features.features(), perplexity, iterations, seed);
        return new FeatureEmbedding(name, features, points, Silhouette.score(features.features(), features.labels()),
                Silhouette.score(points, features.labels()));
    }

    /**
     * Writes {@code tsne.png} (the embeddings side by side, coloured by class), {@code tsne.csv} (plot, clip,
     * label, x, y) and {@code tsne.json} (the silhouettes of each plot) into {@code folder}; returns the JSON.
     */
    public static Path write(Path folder, List<FeatureEmbedding> embeddings, List<String> classNames) {
        List<XYChart> charts = new ArrayList<>();
        StringBuilder csv = new StringBuilder("plot,clip,label,class,x,y\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (int e = 0; e < embeddings.size(); e++) {
            FeatureEmbedding embedding = embeddings.get(e);
            charts.add(embedding.chart(classNames));
            int[] labels = embedding.features().labels();
            for (int i = 0; i < labels.length; i++) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%.6f,%.6f%n", e + 1,
                        csvField(embedding.features().clips().get(i).id()), labels[i], csvField(classNames.get(labels[i])),
                        embedding.points()[i][0], embedding.points()[i][1]));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("plot", e + 1);
            entry.put("name", embedding.name());
            entry.put("clips", labels.length);
            entry.put("silhouette_features", embedding.featureSilhouette());
            entry.put("silhouette_tsne", embedding.planeSilhouette());
            json.add(entry);
        }
        Charts.writePng(folder.resolve("tsne.png"), charts);
        AtomicFiles.writeString(folder.resolve("tsne.csv"), csv.toString());
        Path file = folder.resolve("tsne.json");
        JsonFiles.write(file, Map.of("plots", json));
        return file;
    }

    private XYChart chart(List<String> classNames) {
        XYChart chart = new XYChartBuilder().width(520).height(420)
                .title(String.format(Locale.ROOT, "%s: silhouette %.3f features, %.3f t-SNE", name, featureSilhouette,
                        planeSilhouette))
                .build();
        Charts.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setAxisTicksVisible(false);
        int[] labels = features.labels();
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    xs.add(points[i][0]);
                    ys.add(points[i][1]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(classNames.get(c), xs, ys);
                series.setMarker(SeriesMarkers.CIRCLE);
                Charts.colored(series, Charts.color(c));
            }
        }
        return chart;
    }

    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
