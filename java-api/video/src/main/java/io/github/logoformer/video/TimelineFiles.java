package io.github.logoformer.video;

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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a video's timeline as {@code <stem>.timeline.json} (everything: the file, what was decoded, the
 * whole video's and every window's probabilities by class name, the time per stage), {@code .csv} (one row
 * per window: times, frame counts, label, one column per class; empty cells for windows without enough
 * face) and {@code .png} (each class's probability over time, at the windows' centres). Every file is
 * written atomically.
 *
 * <p>The CSV is written by hand: its cells are numbers and class names, which are checked to hold no
 * comma, quote or line break, so no cell needs quoting and a CSV library would add nothing.
 */
public final class TimelineFiles {
    private static final int WIDTH = 720, HEIGHT = 320;

    private TimelineFiles() {}

    /** The three files written. */
    public record Written(Path json, Path csv, Path png) {}

    public static Written write(VideoPrediction p, Path folder, String stem) {
        Written files = new Written(folder.resolve(stem + ".timeline.json"), folder.resolve(stem + ".timeline.csv"),
                folder.resolve(stem + ".timeline.png"));
        JsonFiles.write(files.json(), json(p));
        AtomicFiles.writeString(files.csv(), csv(p));
        Charts.writePng(files.png(), List.of(chart(p)));
        return files;
    }

    /** The JSON document as ordered maps and lists. */
    static Map<String, Object> json(VideoPrediction p) {
        VideoInfo info = p.info();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("video", p.video().toString());
        json.put("format", info.format());
        json.put("codec", info.codec());
        json.put("width", info.width());
        json.put("height", info.height());
        json.put("rotation_degrees", info.rotationDegrees());
        json.put("frames", info.frames());
        json.put("duration_s", info.durationSeconds());
        json.put("face_frames", p.faceFrames());
        json.put("detections", p.detections());
        json.put("detections_with_face", p.hits());
        json.put("window_s", p.options().windowSeconds());
        json.put("stride_s", p.options().strideSeconds());
        json.put("label", p.label());
        json.put("probabilities", byClass(p.classes(), p.probabilities()));
        List<Map<String, Object>> windows = new ArrayList<>();
        for (WindowPrediction w : p.windows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", w.window().index());
            row.put("start_s", w.window().startSeconds());
            row.put("end_s", w.window().endSeconds());
            row.put("frames", w.window().frames());
            row.put("face_frames", w.window().faceFrames());
            row.put("label", w.label(p.classes()));
            row.put("probabilities", w.predicted() ? byClass(p.classes(), w.probabilities()) : null);
            windows.add(row);
        }
        json.put("windows", windows);
        StageTimes t = p.times();
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("decode", t.decodeSeconds());
        times.put("detect", t.detectSeconds());
        times.put("crop", t.cropSeconds());
        times.put("predict", t.predictSeconds());
        json.put("time_s", times);
        return json;
    }

    private static Map<String, Float> byClass(List<String> classes, float[] probabilities) {
        Map<String, Float> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), probabilities[c]);
        }
        return out;
    }

    static String csv(VideoPrediction p) {
        for (String name : p.classes()) {
            if (name.matches(".*[,\"\\r\\n].*")) {
                throw new IllegalArgumentException("class name '" + name + "': a CSV column name may not hold a comma, quote or line break");
            }
        }
        StringBuilder out = new StringBuilder("window,start_s,end_s,frames,face_frames,label");
        p.classes().forEach(c -> out.append(',').append(c));
        out.append('\n');
        for (WindowPrediction w : p.windows()) {
            ClipWindow cw = w.window();
            out.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%d,", cw.index(), cw.startSeconds(), cw.endSeconds(),
                    cw.frames(), cw.faceFrames()));
            out.append(w.predicted() ? w.label(p.classes()) : "");
            for (int c = 0; c < p.classes().size(); c++) {
                out.append(',').append(w.predicted() ? String.format(Locale.ROOT, "%.6f", w.probabilities()[c]) : "");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static XYChart chart(VideoPrediction p) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(p.video().getFileName() + ": " + p.label() + " overall").xAxisTitle("time (s), window centres")
                .yAxisTitle("probability").build();
        Charts.style(chart.getStyler()).setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(5);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        List<WindowPrediction> windows = p.windows();
        double[] centres = windows.stream().mapToDouble(w -> w.window().centreMicros() / 1e6).toArray();
        for (int c = 0; c < p.classes().size(); c++) {
            int cls = c;
            // NaN where a window has too little face: XChart leaves a gap there.
            double[] y = windows.stream().mapToDouble(w -> w.predicted() ? w.probabilities()[cls] : Double.NaN).toArray();
            var series = Charts.colored(chart.addSeries(p.classes().get(c), centres, y), Charts.color(c));
            if (windows.size() == 1) {
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (windows.size() > 1) {
            Charts.readableXTicks(chart, (centres[0] + centres[1]) / 2 + 1e-3, 0.5);
        }
        return chart;
    }
}
