package io.github.logoformer.autograd;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps contexts (and through them the Java peers of native hooks, which native code references only
 * weakly) strongly reachable while their graph may call back, and frees them once it cannot.
 */
final class ContextRegistry {
    /** Sweeping every 16 registrations kept memory flat; much rarer sweeps let saved tensors pile up. */
    private static final int MIN_SWEEP_INTERVAL = 16;

    private final Set<BridgeContext> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger registeredSinceSweep = new AtomicInteger();

    void register(BridgeContext context) {
        live.add(context);
        // Interval grows with the live set so sweep cost stays O(1) amortized per registration.
        int interval = Math.max(MIN_SWEEP_INTERVAL, live.size() / 2);
        if (registeredSinceSweep.incrementAndGet() >= interval) {
            registeredSinceSweep.set(0);
            sweep();
        }
    }

    int size() {
        return live.size();
    }

    synchronized int sweep() {
        int released = 0;
        for (Iterator<BridgeContext> it = live.iterator(); it.hasNext(); ) {
            BridgeContext context = it.next();
            if (context.isFinished()) {
                it.remove();
                context.release();
                released++;
            }
        }
        return released;
    }
}
