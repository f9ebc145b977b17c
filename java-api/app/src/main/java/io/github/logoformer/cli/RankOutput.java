package io.github.logoformer.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a worker's output to the launcher's, each line (ended by a newline, or by a carriage return, as
 * progress lines are redrawn) written whole after the rank's prefix, so lines of several ranks never mix.
 */
final class RankOutput extends Thread {
    private final InputStream in;
    private final PrintStream out;
    private final byte[] prefix;

    RankOutput(InputStream in, PrintStream out, int rank) {
        super("rank-" + rank + "-output");
        setDaemon(true);
        this.in = in;
        this.out = out;
        this.prefix = ("[rank " + rank + "] ").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (b == '\n' || b == '\r') {
                    flush(line);
                }
            }
        } catch (IOException e) {
            // the worker is gone; what it wrote so far is out
        }
        if (line.size() > 0) {
            line.write('\n');
            flush(line);
        }
    }

    private void flush(ByteArrayOutputStream line) {
        synchronized (out) {
            out.write(prefix, 0, prefix.length);
            out.write(line.toByteArray(), 0, line.size());
            out.flush();
        }
        line.reset();
    }
}
