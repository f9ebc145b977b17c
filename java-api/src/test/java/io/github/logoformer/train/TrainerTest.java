package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.data.Split;
import io.github.logoformer.data.SyntheticDfew;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checkpoints every epoch, resuming after a crash gives the uninterrupted run's weights, and bad checkpoints fail clearly. */
class TrainerTest {
    @TempDir
    static Path dir;
    static List<ClipRecord> train;
    static List<ClipRecord> test;

    private static final ModelConfig CONFIG = ModelConfig.builder().frames(4).frameSize(32).backboneWidth(8).dim(16)
            .heads(2).blocks(1).mlpRatio(2).attentionDropout(0.1).dropPath(0.1).classes(7).build();
    /** bfloat16 autocast in the forward passes; weights, SAM and the optimiser's state stay float32. */
    private static final TrainingOptions OPTIONS = new TrainingOptions(2, 8, TrainingOptions.Optimizer.SGD, 0.01, 0, 0.9,
            1e-4, 0.05, 0.1, 3, Precision.BF16);

    @BeforeAll
    static void data() {
        Path root = dir.resolve("data");
        new SyntheticDfew(5, 4, 6, 32, 2).ensure(root);
        train = DfewDataset.load(root, Split.TRAIN, 1);
        test = DfewDataset.load(root, Split.TEST, 1);
    }

    /** Stands for a crash right after a checkpoint. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Crashes the run as soon as its first epoch has ended (checkpoint written). */
    private static final TrainingListener CRASH_AFTER_AN_EPOCH = new TrainingListener() {
        @Override
        public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {}

        @Override
        public void epochDone(EpochRecord record, int epochs) {
            throw new Crash();
        }
    };

    /** Both optimisers: the resumed run needs SGD's momentum, or AdamW's moments and step count, restored exactly. */
    @ParameterizedTest
    @EnumSource(TrainingOptions.Optimizer.class)
    void aRunResumedAfterACrashEndsWithTheUninterruptedRunsWeights(TrainingOptions.Optimizer optimizer)
            throws java.io.IOException {
        TrainingOptions options = new TrainingOptions(OPTIONS.epochs(), OPTIONS.batchSize(), optimizer,
                optimizer == TrainingOptions.Optimizer.SGD ? OPTIONS.learningRate() : 1e-3, OPTIONS.warmupEpochs(),
                OPTIONS.momentum(), OPTIONS.weightDecay(), OPTIONS.rho(), OPTIONS.lambda(), OPTIONS.seed(), OPTIONS.precision());
        Trainer trainer = new Trainer(ModelKind.LOGOFORMER, CONFIG, options, 1);
        Path straight = dir.resolve("straight-" + optimizer.id()), crashed = dir.resolve("crashed-" + optimizer.id());
        Trainer.Result whole = trainer.run(train, test, straight, false, TrainingListener.SILENT);
        assertEquals(2, whole.checkpoint().epoch());
        assertTrue(Files.isRegularFile(straight.resolve("weights-epoch-002.pt")));
        assertTrue(Files.notExists(straight.resolve("weights-epoch-001.pt")), "older states are removed");
        TensorVector parameters = whole.model().parameters();
        for (long i = 0; i < parameters.size(); i++) {
            assertEquals(torch.ScalarType.Float, parameters.get(i).scalar_type().intern(), "float32 weights, parameter " + i);
        }

        assertThrows(Crash.class, () -> trainer.run(train, test, crashed, false, CRASH_AFTER_AN_EPOCH));
        assertEquals(1, Checkpoint.load(crashed).epoch());
        Path stale = Files.writeString(crashed.resolve(".weights-epoch-002.pt.4711.tmp"), "half a write");
        Trainer.Result resumed = trainer.run(train, test, crashed, true, TrainingListener.SILENT);
        assertTrue(Files.notExists(stale), "a killed write's temporary file is removed when the run folder opens");
        assertEquals(2, resumed.checkpoint().epoch());
        assertEquals(whole.checkpoint().history().get(1).trainLoss(), resumed.checkpoint().history().get(1).trainLoss(), 1e-6);
        assertSameWeights(whole.model(), resumed.model());
        assertSameWeights(whole.model(), Checkpoint.load(crashed).loadModel(crashed));
        assertEquals(whole.test().war(), resumed.test().war());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.run(train, test, straight, false, TrainingListener.SILENT));
        assertTrue(e.getMessage().endsWith("already holds a run (checkpoint.json); resume it or choose another folder"));
        Trainer other = new Trainer(ModelKind.STT, CONFIG, options, 1);
        assertThrows(IllegalArgumentException.class, () -> other.run(train, test, straight, true, TrainingListener.SILENT));
        TrainingOptions fp32 = new TrainingOptions(options.epochs(), options.batchSize(), optimizer, options.learningRate(),
                options.warmupEpochs(), options.momentum(), options.weightDecay(), options.rho(), options.lambda(),
                options.seed(), Precision.FP32);
        Trainer inFloat32 = new Trainer(ModelKind.LOGOFORMER, CONFIG, fp32, 1);
        assertEquals(straight.resolve(Checkpoint.FILE) + " trained in precision bf16; resume it in bf16, not fp32",
                assertThrows(IllegalArgumentException.class,
                        () -> inFloat32.run(train, test, straight, true, TrainingListener.SILENT)).getMessage());

        Path weights = straight.resolve(whole.checkpoint().weightsFile());
        byte[] damaged = Files.readAllBytes(weights);
        damaged[damaged.length / 2] ^= 0x10;  // tensor bytes: LibTorch alone would load the wrong weight
        Files.write(weights, damaged);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.run(train, test, straight, true, TrainingListener.SILENT));
        assertTrue(e.getMessage().startsWith(weights + ": damaged LibTorch archive: entry '"), e.getMessage());
    }


    /**
     * An epoch's end beside the next epoch (copies of the model and the update rule's state) leaves what the
     * inline end leaves: the same records, test results and weights, bit for bit; a failure in an end
     * surfaces from the run with the last whole checkpoint kept.
     */
    @Test
    void overlappedEpochEndsLeaveWhatInlineEndsLeave() {
        Trainer trainer = new Trainer(ModelKind.LOGOFORMER, CONFIG, OPTIONS, 1);
        Trainer.Result inline = trainer.overlappingEpochEnds(false).run(train, test, dir.resolve("inline"), false,
                TrainingListener.SILENT);
        List<String> threads = new CopyOnWriteArrayList<>();
        Trainer.Result overlapped = trainer.overlappingEpochEnds(true).run(train, test, dir.resolve("overlapped"), false,
                new TrainingListener() {
                    @Override
                    public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {}

                    @Override
                    public void epochDone(EpochRecord record, int epochs) {
                        threads.add(Thread.currentThread().getName());
                    }
                });
        assertEquals(List.of("epoch-end", "epoch-end"), threads, "each end ran on its own thread");
        assertEquals(2, overlapped.checkpoint().epoch());
        for (int e = 0; e < 2; e++) {
            EpochRecord a = inline.checkpoint().history().get(e), b = overlapped.checkpoint().history().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0, "epoch " + (e + 1));
            assertEquals(a.testUar(), b.testUar(), 0, "epoch " + (e + 1));
            assertEquals(a.testWar(), b.testWar(), 0, "epoch " + (e + 1));
            assertEquals(a.learningRate(), b.learningRate(), 0, "epoch " + (e + 1));
        }
        assertArrayEquals(inline.test().flatCounts(), overlapped.test().flatCounts());
        ClipClassifier saved = Checkpoint.load(dir.resolve("overlapped")).loadModel(dir.resolve("overlapped"));
        for (boolean parameters : new boolean[] {true, false}) {
            TensorVector pa = parameters ? inline.model().parameters() : inline.model().buffers();
            TensorVector pb = parameters ? saved.parameters() : saved.buffers();
            assertEquals(pa.size(), pb.size());
            for (long i = 0; i < pa.size(); i++) {
                assertTrue(pa.get(i).equal(pb.get(i)), "the overlapped checkpoint holds the inline run's "
                        + (parameters ? "parameter " : "buffer (BatchNorm statistics) ") + i);
            }
        }
        List<Tensor> inlineState = optimiserState(inline, dir.resolve("inline")),
                overlappedState = optimiserState(overlapped, dir.resolve("overlapped"));
        for (int i = 0; i < inlineState.size(); i++) {
            assertTrue(inlineState.get(i).equal(overlappedState.get(i)), "the same optimiser state: tensor " + i);
        }

        Path failing = dir.resolve("overlapped-crash");
        assertThrows(Crash.class, () -> trainer.overlappingEpochEnds(true).run(train, test, failing, false, CRASH_AFTER_AN_EPOCH));
        assertEquals(1, Checkpoint.load(failing).epoch());
    }

    /** The update rule's state a run's checkpoint holds, loaded into a fresh optimiser. */
    private static List<Tensor> optimiserState(Trainer.Result run, Path runDir) {
        ClipClassifier model = ModelKind.LOGOFORMER.build(CONFIG);
        Sam optimiser = new Sam(model.parameters(), OPTIONS.rho(), parameters -> UpdateRule.of(OPTIONS, parameters));
        run.checkpoint().loadOptimiserState(runDir, optimiser);
        return optimiser.state();
    }

    private static void assertSameWeights(ClipClassifier a, ClipClassifier b) {
        TensorVector pa = a.parameters(), pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (long i = 0; i < pa.size(); i++) {
            assertTrue(pa.get(i).allclose(pb.get(i), 1e-5, 1e-6, false), "parameter " + i);
        }
    }
}
