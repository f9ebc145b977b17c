package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.PyTorchWeights;
import io.github.logoformer.nn.SttAttention;
import io.github.logoformer.train.RecipeSetting.Source;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The recipes hold what the papers state, build, and train: one SAM step of each at its own width and depth. */
class RecipeTest {
    /** The recipe's model on a tiny input: clips of 2 frames (its window and pool still tile the 2 x 7 x 7 grid). */
    @ParameterizedTest
    @EnumSource(Recipe.class)
    void eachRecipesModelTakesOneSamStepWithItsOwnOptions(Recipe recipe) {
        TrainingOptions o = recipe.training();
        var m = recipe.model().toBuilder().frames(2).build();
        torch.manual_seed(o.seed());
        ClipClassifier model = recipe.kind().build(m);
        Sam optimiser = new Sam(model.parameters(), o.rho(), parameters -> UpdateRule.of(o, parameters));
        Tensor clips = torch.randn(1, m.frames(), 3, m.frameSize(), m.frameSize());
        Tensor labels = torch.randint(m.classes(), new long[] {1});
        Tensor head = PyTorchWeights.stateDict(model).get("head.weight");
        Tensor before = head.clone();
        model.train(true);
        double loss = optimiser.step(o.learningRate(), () -> model.loss(model.forward(clips), labels, o.lambda()));
        assertTrue(Double.isFinite(loss) && loss > 0, recipe.id() + ": loss " + loss);
        assertFalse(head.equal(before), recipe.id() + ": the step must move the weights");
    }

    @Test
    void logoFormerPaperHoldsWhatThePaperStates() {
        Recipe r = Recipe.LOGOFORMER_PAPER;
        assertEquals(ModelKind.LOGOFORMER, r.kind());
        assertEquals(List.of(64L, 4L, 8L), List.of(r.model().backboneWidth(), r.model().blocks(), r.model().heads()));
        TrainingOptions o = r.training();
        assertEquals(List.of(0.001, 32.0, 100.0), List.of(o.learningRate(), (double) o.batchSize(), (double) o.epochs()));
        assertTrue(o.rho() > 0, "SAM");
        assertEquals(TrainingOptions.Optimizer.SGD, o.optimizer(), "around SGD");
        assertEquals(0, o.warmupEpochs(), "the run starts at the paper's initial learning rate");
        for (String name : List.of("model", "backbone", "backbone weights", "blocks", "heads", "loss", "optimiser",
                "learning rate", "batch", "epochs", "evaluation")) {
            assertEquals(Source.PAPER, setting(r, name).source(), name);
        }
    }

    @Test
    void logoFormerPapersWidthBringsItsCostWithin2PercentOfThePapers() {
        double paper = Recipe.LOGOFORMER_PAPER.paperGflops().orElseThrow();
        double ours = Recipe.LOGOFORMER_PAPER.cost().totalGmacs();
        assertTrue(Math.abs(ours - paper) / paper < 0.02, ours + " GMACs vs the paper's " + paper);
        assertTrue(setting(Recipe.LOGOFORMER_PAPER, "cost per clip").value().startsWith(String.format("%.2f GMACs", ours)));
    }

    @Test
    void sttPaperIsDividedSpatialFirstAndSaysWhy() {
        Recipe r = Recipe.STT_PAPER;
        assertEquals(ModelKind.STT, r.kind());
        assertEquals(SttAttention.DIVIDED_SPATIAL_FIRST, r.model().sttAttention());
        RecipeSetting attention = setting(r, "STT attention");
        assertEquals(List.of("divided-spatial-first", Source.OURS), List.of(attention.value(), attention.source()));
        assertTrue(attention.note().contains("jointly applied"), attention.note());
        assertEquals(Source.PAPER, setting(r, "loss").source());
    }

    @ParameterizedTest
    @EnumSource(Recipe.class)
    void everySettingIsNamedOnceAndEveryChoiceOfOursSaysWhy(Recipe recipe) {
        List<RecipeSetting> settings = recipe.settings();
        assertEquals(settings.size(), settings.stream().map(RecipeSetting::name).distinct().count());
        for (RecipeSetting s : settings) {
            assertFalse(s.note().isBlank(), recipe.id() + " " + s.name());
        }
    }

    private static RecipeSetting setting(Recipe recipe, String name) {
        return recipe.settings().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(recipe.id() + " has no setting '" + name + "'"));
    }
}
