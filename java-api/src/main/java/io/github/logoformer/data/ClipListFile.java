package io.github.logoformer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A list file of a data set (DFEW's fold CSVs, FERV39K's lists, the generic list format) read strictly:
 * UTF-8 text without NUL bytes, naming each clip once. Every error names the file and the line.
 */
final class ClipListFile {
    private final Path file;
    private final String what;
    private final List<String> lines;
    private final Map<String, Integer> clips = new HashMap<>();

    /** Turns one stripped, non-blank line of the file into its clip, or fails naming the file and line. */
    @FunctionalInterface
    interface LineParser {
        ClipRecord parse(int lineNumber, String line);
    }

    private ClipListFile(Path file, String what, List<String> lines) {
        this.file = file;
        this.what = what;
        this.lines = lines;
    }

    /** Reads {@code file}; {@code what} says what it is in the message when it cannot be read ("fold list"). */
    static ClipListFile read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read the " + what + ": " + e, e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int lineNumber = lines.size() + 1;
            String line = decode(utf8, bytes, start, end, file, lineNumber);
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                throw new DatasetException(file, lineNumber, "holds a NUL byte (column " + (nul + 1) + "): not a text file");
            }
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        return new ClipListFile(file, what, lines);
    }

    /** The lines without their line ends; line {@code i + 1} of the file is {@code lines().get(i)}. */
    List<String> lines() {
        return lines;
    }

    /**
     * The clips of the lines after the first {@code skipped} (a header): each line stripped (line 1 of a
     * byte-order mark too), blank lines skipped, every other parsed and its clip's id claimed once. A file
     * without any clip is an error.
     */
    List<ClipRecord> clips(int skipped, LineParser parser) {
        List<ClipRecord> records = new ArrayList<>(Math.max(0, lines.size() - skipped));
        for (int i = skipped; i < lines.size(); i++) {
            String line = (i == 0 ? withoutByteOrderMark(lines.get(i)) : lines.get(i)).strip();
            if (!line.isEmpty()) {
                ClipRecord clip = parser.parse(i + 1, line);
                claimOnce(clip.id(), i + 1);
                records.add(clip);
            }
        }
        if (records.isEmpty()) {
            throw new DatasetException(file, "the " + what + " holds no clip");
        }
        return records;
    }

    /** A file's first line without the byte-order mark that may open it. */
    static String withoutByteOrderMark(String firstLine) {
        return firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
    }

    /** Records that {@code line} names {@code clip}; a clip named on two lines is an error. */
    void claimOnce(String clip, int line) {
        Integer first = clips.putIfAbsent(clip, line);
        if (first != null) {
            throw new DatasetException(file, line, "clip " + clip + " is listed twice (first at line " + first + ")");
        }
    }

    private static String decode(CharsetDecoder utf8, byte[] bytes, int start, int end, Path file, int lineNumber) {
        ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start);
        CoderResult result = utf8.reset().decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            throw new DatasetException(file, lineNumber, String.format(Locale.ROOT,
                    "not UTF-8 text (byte 0x%02x at column %d)", bytes[in.position()] & 0xff, in.position() - start + 1));
        }
        return out.flip().toString();
    }
}
