package io.github.logoformer.cli;

import io.github.logoformer.nn.WeightsReport;
import io.github.logoformer.train.EpochRecord;
import io.github.logoformer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on a terminal: one line rewritten in place (carriage return) while an epoch runs,
 * then one permanent line per epoch with its loss, test WAR/UAR and time.
 */
final class ProgressLine implements TrainingListener {
    private static final int BAR = 24;
    private final PrintStream out;
    private final String prefix;
    private long epochStart = System.nanoTime();

    ProgressLine(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double loss) {
        if (batch == 1) {
            epochStart = System.nanoTime();
        }
        int filled = BAR * batch / batches;
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        out.printf(Locale.ROOT, "\r%sepoch %d [%s%s] %d/%d loss %.4f %.1fs", prefix, epoch, "#".repeat(filled),
                ".".repeat(BAR - filled), batch, batches, loss, seconds);
        out.flush();
    }

    @Override
    public void weightsLoaded(WeightsReport report) {
        out.println(prefix + report.summary());
    }

    @Override
    public void epochDone(EpochRecord r, int epochs) {
        out.printf(Locale.ROOT, "\r%sepoch %d/%d loss %.4f lr %.4g test WAR %.2f%% UAR %.2f%% (%.1fs)%s%n", prefix,
                r.epoch(), epochs, r.trainLoss(), r.learningRate(), 100 * r.testWar(), 100 * r.testUar(), r.seconds(),
                " ".repeat(12));
    }
}
