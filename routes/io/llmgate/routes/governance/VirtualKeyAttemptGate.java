package io.llmgate.routes.governance;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.routes.routing.AttemptGate;
import io.llmgate.routes.routing.PlanNode;

/** Routing's attempts with a config target's virtual key go through {@link VirtualKeyUsageGate}. */
@Component
public class VirtualKeyAttemptGate implements AttemptGate {

    private final VirtualKeyUsageGate gate;

    public VirtualKeyAttemptGate(VirtualKeyUsageGate gate) {
        this.gate = gate;
    }

    @Override
    public void before(Exchange request, PlanNode.Target target) {
        if (target.virtualKey() != null) {
            gate.admit(request, target.virtualKey());
        }
    }

    @Override
    public void failed(Exchange request, PlanNode.Target target) {
        if (target.virtualKey() != null) {
            gate.release(request, target.virtualKey());
        }
    }
}
