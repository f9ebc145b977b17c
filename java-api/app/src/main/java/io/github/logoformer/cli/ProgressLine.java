package io.github.logoformer.cli;

import io.github.logoformer.nn.WeightsReport;
import io.github.logoformer.train.EpochRecord;
import io.github.logoformer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on a terminal: one line rewritten in place (carriage return) while an epoch runs,
 * then one permanent line per epoch with its loss, test WAR/UAR and time. Every line names the epoch
 * out of the run's total and the seconds since the run started, so the time per epoch is visible. An
 * epoch's line may arrive while the next epoch's progress is drawn (its test pass ran beside it): it
 * takes the line, and the progress goes on below it.
 */
final class ProgressLine implements TrainingListener {
    private static final int BAR = 24;
    private final PrintStream out;
    private final String prefix;
    private final long started = System.nanoTime();
    private long epochStart = started;

    ProgressLine(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public synchronized void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
        if (batch == 1) {
            epochStart = System.nanoTime();
        }
        int filled = BAR * batch / batches;
        out.printf(Locale.ROOT, "\r%sepoch %d/%d [%s%s] %d/%d loss %.4f %.1f s (run %.0f s)", prefix, epoch, epochs,
                "#".repeat(filled), ".".repeat(BAR - filled), batch, batches, loss, since(epochStart), since(started));
        out.flush();
    }

    @Override
    public synchronized void weightsLoaded(WeightsReport report) {
        out.println(prefix + report.summary());
    }

    @Override
    public synchronized void epochDone(EpochRecord r, int epochs) {
        out.printf(Locale.ROOT, "\r%sepoch %d/%d loss %.4f lr %.4g test WAR %.2f%% UAR %.2f%% %.1f s (run %.0f s)%s%n", prefix,
                r.epoch(), epochs, r.trainLoss(), r.learningRate(), 100 * r.testWar(), 100 * r.testUar(), r.seconds(),
                since(started), " ".repeat(12));
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
