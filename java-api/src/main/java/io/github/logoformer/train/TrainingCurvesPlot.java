package io.github.logoformer.train;

import io.github.logoformer.eval.Charts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A PNG of a run's curves: the mean training loss per epoch (left panel) and the test WAR and UAR in
 * percent (right panel, with the chance level 100 / classes dashed).
 */
public final class TrainingCurvesPlot {
    private static final int WIDTH = 440, HEIGHT = 320;

    private TrainingCurvesPlot() {}

    public static void write(Path png, List<EpochRecord> history, int classes) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("history: no epoch to plot");
        }
        double[] epochs = series(history, r -> r.epoch());
        XYChart loss = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("training loss").xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        Charts.style(loss.getStyler()).setLegendVisible(false).setMarkerSize(4);
        loss.getStyler().setYAxisMin(0.0);
        Charts.colored(loss.addSeries("loss", epochs, series(history, EpochRecord::trainLoss)), Charts.color(0));
        Charts.readableXTicks(loss, epochs[0] + 0.5, history.get(0).trainLoss());

        XYChart recall = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("test recall (%)").xAxisTitle("epoch")
                .yAxisTitle("%").build();
        Charts.style(recall.getStyler()).setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(4);
        recall.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        Charts.readableXTicks(recall, epochs[0] + 0.5, 50);
        Charts.colored(recall.addSeries("WAR", epochs, series(history, r -> 100 * r.testWar())), Charts.color(2));
        Charts.colored(recall.addSeries("UAR", epochs, series(history, r -> 100 * r.testUar())), Charts.color(3));
        Charts.referenceLine(recall, "chance", epochs[0], epochs[epochs.length - 1], 100.0 / classes);
        Charts.writePng(png, List.of(loss, recall));
    }

    /** One value per epoch; a non-finite value (no test sample) becomes NaN, which XChart leaves as a gap. */
    private static double[] series(List<EpochRecord> history, ToDoubleFunction<EpochRecord> value) {
        return history.stream().mapToDouble(r -> {
            double v = value.applyAsDouble(r);
            return Double.isFinite(v) ? v : Double.NaN;
        }).toArray();
    }
}
