package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.TinyModels.Kind;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LibTorch archives of whole models: round trips, dtype conversion, and clear failures on mismatches. */
class ModelWeightsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void savedWeightsLoadIntoAFreshModelAndGiveTheSameLogits(Kind kind) {
        ModelConfig config = TinyModels.config().build();
        ClipClassifier saved = kind.build(config, 1);
        saved.train(true);
        saved.forward(TinyModels.clips(2, config));  // moves batch norm's running statistics off their init
        saved.eval();
        Path file = dir.resolve("model.pt");
        ModelWeights.save(saved, file);

        ClipClassifier loaded = kind.build(config, 2);
        loaded.eval();
        Tensor clips = TinyModels.clips(2, config);
        assertFalse(loaded.forward(clips).equal(saved.forward(clips)), "differently seeded models should differ");
        ModelWeights.load(loaded, file);
        assertTrue(loaded.forward(clips).equal(saved.forward(clips)));

        ClipClassifier reference64 = kind.build(config.withOps(OpsMode.REFERENCE), 3);
        reference64.to(torch.ScalarType.Double, false);
        reference64.eval();
        ModelWeights.load(reference64, file);
        assertTrue(ModelParityTest.relativeError(saved.forward(clips), reference64.forward(clips.to(torch.ScalarType.Double)))
                < 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void weightsOfTheWrongShapeFailNamingTheTensorAndLeaveTheModelUnchanged(Kind kind) {
        Path file = dir.resolve("five-classes.pt");
        ModelWeights.save(kind.build(TinyModels.config().build(), 1), file);
        ModelConfig sixClasses = TinyModels.config().classes(6).build();
        ClipClassifier model = kind.build(sixClasses, 2);
        model.eval();
        Tensor clips = TinyModels.clips(1, sixClasses);
        Tensor before = model.forward(clips);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelWeights.load(model, file));
        assertTrue(e.getMessage().endsWith("'head.weight' has shape [5, 32] in the archive, the model expects [6, 32]"),
                e.getMessage());
        assertTrue(model.forward(clips).equal(before));
        assertEquals(6, model.forward(clips).size(1));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anArchiveOfAnotherModelFailsNamingWhatIsMissing(Kind kind) {
        Path file = dir.resolve("other.pt");
        Kind other = kind == Kind.LOGO_FORMER ? Kind.STT : Kind.LOGO_FORMER;
        ModelWeights.save(other.build(TinyModels.config().build(), 1), file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelWeights.load(kind.build(TinyModels.config().build(), 2), file));
        assertTrue(e.getMessage().contains("no submodule 'blocks.0."), e.getMessage());
    }
}
