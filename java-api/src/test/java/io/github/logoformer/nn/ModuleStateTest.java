package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logoformer.nn.TinyModels.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The walk over a model's tensors while the collector runs: every listing names the model's tensors. */
class ModuleStateTest {
    @Test
    void everyWalkListsTheSameNamesWhileTheCollectorFreesDroppedDicts() throws InterruptedException {
        ClipClassifier model = Kind.LOGO_FORMER.build(TinyModels.config().build(), 1);
        List<String> expected = new ArrayList<>(ModuleState.of(model).keySet());
        AtomicBoolean done = new AtomicBoolean();
        // Each cycle hands dropped dicts to JavaCPP's deallocator. A walk that read the items of a dropped
        // dict read freed memory: before ModuleState held its dicts, this failed at the first or second walk.
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
            }
        });
        collector.start();
        try {
            for (int walk = 0; walk < 50; walk++) {
                assertEquals(expected, new ArrayList<>(ModuleState.of(model).keySet()), "walk " + walk);
            }
        } finally {
            done.set(true);
            collector.join();
        }
    }
}
