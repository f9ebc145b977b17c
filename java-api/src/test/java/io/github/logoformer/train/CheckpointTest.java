package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.nn.Strictness;
import io.github.logoformer.run.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkpoint.json round-trips exactly, and every kind of bad file fails with one line naming the file and field. */
class CheckpointTest {
    @TempDir
    Path run;

    private static final TrainingOptions OPTIONS = new TrainingOptions(3, 4, TrainingOptions.Optimizer.ADAMW, 0.02, 1, 0.9,
            5e-4, 0.05, 0.1, (1L << 60) + 1, Precision.BF16);
    private static final Checkpoint CHECKPOINT = new Checkpoint(Checkpoint.FORMAT, ModelKind.STT,
            ModelConfig.builder().classes(5).build(), OPTIONS, 2,
            List.of(new EpochRecord(1, 1.9, 0.01, 0.2, 0.25, 3.5), new EpochRecord(2, 1.7, 0.02, Double.NaN, 0.3, 3.25)),
            "weights-epoch-002.pt", "momentum-epoch-002.pt", List.of(new StartingWeights(StartingWeights.Part.BACKBONE,
                    "/data/resnet18_msceleb.pth", "0".repeat(64), Strictness.STRICT)));

    private Path write(String json) throws IOException {
        return Files.writeString(run.resolve(Checkpoint.FILE), json);
    }

    private String loadError() {
        return assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(run)).getMessage();
    }

    @Test
    void roundTripsEveryFieldIncludingSeedsAbove2To53() {
        JsonFiles.write(run.resolve(Checkpoint.FILE), CHECKPOINT);
        Checkpoint back = Checkpoint.load(run);
        assertEquals(CHECKPOINT.toString(), back.toString());
        assertEquals((1L << 60) + 1, back.options().seed());
        assertEquals(Precision.BF16, back.options().precision());
    }

    @Test
    void anotherFormatIsRefusedByNumber() throws IOException {
        write("{\"format\": 3, \"model\": \"logoformer\"}");
        assertEquals(run.resolve(Checkpoint.FILE) + ": expected a checkpoint of format 5 or 4 (what this version reads),"
                + " got format 3", loadError());
    }

    @Test
    void aFormat4FileIsTheSgdRunItWasWrittenFor() throws IOException {
        String good = JsonFiles.text(CHECKPOINT);
        String old = good.replace("\"format\" : 5,", "\"format\" : 4,").replace("\n    \"optimizer\" : \"adamw\",", "");
        assertEquals(false, old.contains("optimizer"), old);
        write(old);
        Checkpoint back = Checkpoint.load(run);
        assertEquals(TrainingOptions.Optimizer.SGD, back.options().optimizer());
        assertEquals(Checkpoint.FORMAT, back.format());
        write(good.replace("\n    \"optimizer\" : \"adamw\",", ""));
        assertEquals(true, loadError().contains("Missing creator property 'optimizer'"), loadError());
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() throws IOException {
        write("{\n  \"format\": 5,\n  \"epoch\": ]\n}");
        assertEquals(run.resolve(Checkpoint.FILE) + ": line 3, column 12: Unexpected character (']' (code 93)): expected a"
                + " valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", loadError());
    }

    @Test
    void missingUnknownAndInvalidFieldsAreNamed() throws IOException {
        String good = JsonFiles.text(CHECKPOINT);
        write(good.replace("\n  \"epoch\" : 2,", ""));
        String missing = loadError();
        assertEquals(true, missing.endsWith("field 'epoch': Missing creator property 'epoch' (index 4);"
                + " `DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES` enabled"), missing);
        write(good.replace("\n  \"epoch\" : 2,", "\n  \"epoch\" : 2, \"epochs\" : 3,"));
        assertEquals(true, loadError().contains("field 'epochs': Unrecognized field \"epochs\""), loadError());
        write(good.replace("\"heads\" : 8,", "\"heads\" : 7,"));
        assertEquals(true, loadError().endsWith("field 'config': dim: expected a multiple of heads = 7, got 512"), loadError());
        write(good.replace("\"learning_rate\" : 0.02,", "\"learning_rate\" : -1,"));
        assertEquals(true, loadError().endsWith("learning rate: expected a finite number > 0, got -1.0"), loadError());
        write(good.replace("\"precision\" : \"bf16\"", "\"precision\" : \"fp16\""));
        assertEquals(true, loadError().contains("field 'options.precision'"), loadError());
    }

    @Test
    void aFileWithoutSttAttentionIsTheDividedTemporalFirstSttItWasWrittenFor() throws IOException {
        String good = JsonFiles.text(CHECKPOINT);
        String old = good.replace("\n    \"stt_attention\" : \"divided_temporal_first\",", "");
        assertEquals(false, old.contains("stt_attention"), old);
        write(old);
        assertEquals(CHECKPOINT.toString(), Checkpoint.load(run).toString());
        write(good.replace("\"divided_temporal_first\"", "\"divided\""));
        assertEquals(true, loadError().contains("field 'config.stt_attention'"), loadError());
    }

    @Test
    void stateFilesOutsideTheRunFolderAreRefused() throws IOException {
        String good = JsonFiles.text(CHECKPOINT);
        write(good.replace("\"weights-epoch-002.pt\"", "\"../../elsewhere/weights.pt\""));
        assertEquals(true, loadError().endsWith(
                "weights_file: expected a file name in the run folder, got '../../elsewhere/weights.pt'"), loadError());
        write(good.replace("\"momentum-epoch-002.pt\"", "\"/etc/passwd\""));
        assertEquals(true, loadError().endsWith("momentum_file: expected a file name in the run folder, got '/etc/passwd'"),
                loadError());
    }
}
