package io.llmgate.routes.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Provider calls in progress, whole answers and open streams alike; a stream stays here after its Camel exchange has
 * completed, until the provider's stream ends. At shutdown, what is left after the drain time is cut: streams end
 * with an SSE error event, whole answers fail with 503, and calls started after the cut fail at once.
 */
@Component
public class InFlightCalls {

    /** A call that can be ended from outside with an error. */
    interface Cuttable {
        void cut();
    }

    private final Set<Cuttable> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /** Tracks a call until it is removed; a call added after {@link #cutAll()} is cut at once. */
    void add(Cuttable call) {
        calls.add(call);
        if (cut) {
            remove(call);
            call.cut();
        }
    }

    void remove(Cuttable call) {
        calls.remove(call);
    }

    boolean isCut() {
        return cut;
    }

    public int size() {
        return calls.size();
    }

    /** Cuts every call in progress and every later one; returns how many were in progress. */
    public int cutAll() {
        cut = true;
        int n = 0;
        for (Cuttable call : calls) {
            if (calls.remove(call)) {
                n++;
                call.cut();
            }
        }
        return n;
    }
}
