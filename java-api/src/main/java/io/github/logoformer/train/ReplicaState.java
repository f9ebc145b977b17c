package io.github.logoformer.train;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Everything a training replica is made of, in one order: the model's parameters, its buffers (BatchNorm
 * statistics), then the update rule's state. What a data-parallel job gives every rank, and what an
 * overlapped epoch end copies ({@link EpochEnds}).
 */
final class ReplicaState {
    private ReplicaState() {}

    /** The tensors themselves (writing to them changes the model and the state). */
    static List<Tensor> of(Module model, List<Tensor> optimiserState) {
        List<Tensor> state = new ArrayList<>();
        for (TensorVector part : new TensorVector[] {model.parameters(), model.buffers()}) {
            for (long i = 0; i < part.size(); i++) {
                state.add(new Tensor(part.get(i)));  // owning handles: the vectors are temporaries
            }
        }
        state.addAll(optimiserState);
        return state;
    }
}
