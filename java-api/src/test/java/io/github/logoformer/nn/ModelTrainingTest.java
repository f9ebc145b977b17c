package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.TinyModels.Kind;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Train/eval behaviour (batch norm, dropout, drop-path) and one optimisation step with the compact loss. */
class ModelTrainingTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneSgdStepWithTheCompactLossLowersTheLoss(Kind kind) {
        ModelConfig config = TinyModels.config().build();
        ClipClassifier model = kind.build(config, 1);
        model.eval();  // fixed batch norm statistics: the two losses differ only by the step
        Tensor clips = TinyModels.clips(2, config), targets = TinyModels.targets(2, config);
        Tensor before = model.loss(model.forward(clips), targets, 0.5);
        before.backward();
        TensorVector parameters = model.parameters();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long i = 0; i < parameters.size(); i++) {
                parameters.get(i).sub_(parameters.get(i).grad().mul(new Scalar(0.01)));
            }
        }
        double after = model.loss(model.forward(clips), targets, 0.5).item_double();
        assertTrue(after < before.item_double(), "loss " + before.item_double() + " -> " + after);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEval(Kind kind) {
        ModelConfig config = TinyModels.config().build();
        ClipClassifier model = kind.build(config, 1);
        Tensor clips = TinyModels.clips(2, config);
        Tensor runningMean = ModuleState.of(model).get("backbone.trunk.bn1.running_mean");
        Tensor initial = runningMean.clone();

        model.eval();
        Tensor alone = model.forward(clips.narrow(0, 0, 1));
        Tensor inBatch = model.forward(clips).narrow(0, 0, 1);
        assertTrue(alone.allclose(inBatch, 1e-5, 1e-6, false), "eval: a clip's logits must not depend on its batch");
        assertTrue(runningMean.equal(initial), "eval must not update running statistics");

        model.train(true);
        Tensor trainAlone = model.forward(clips.narrow(0, 0, 1));
        Tensor trainInBatch = model.forward(clips).narrow(0, 0, 1);
        assertFalse(trainAlone.allclose(trainInBatch, 1e-5, 1e-6, false), "training: batch statistics");
        assertFalse(runningMean.equal(initial), "training must update running statistics");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dropoutAndDropPathAreRandomInTrainingOnly(Kind kind) {
        ModelConfig config = TinyModels.config().attentionDropout(0.2).dropPath(0.5).build();
        ClipClassifier model = kind.build(config, 1);
        Tensor tokens = torch.randn(4, config.grid().volume(), config.dim());
        model.train(true);
        assertFalse(model.classify(tokens).equal(model.classify(tokens)));
        model.eval();
        assertTrue(model.classify(tokens).equal(model.classify(tokens)));
    }
}
