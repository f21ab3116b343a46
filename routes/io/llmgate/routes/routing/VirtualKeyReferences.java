package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The virtual keys a parsed routing config names, each with its place in the config ({@code targets[0].virtual_key}),
 * for the warnings when a config is saved and the 400 when a request uses a config naming an unknown key.
 */
public final class VirtualKeyReferences {

    /** @param field where the key is named, as error {@code param}s name config fields */
    public record Reference(String field, String virtualKey) {
    }

    private VirtualKeyReferences() {
    }

    public static List<Reference> of(PlanNode root) {
        List<Reference> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(PlanNode node, List<Reference> out) {
        switch (node) {
            case PlanNode.Target t when t.virtualKey() != null -> {
                String at = t.path().equals("config") ? "" : t.path().substring("config.".length()) + ".";
                out.add(new Reference(at + "virtual_key", t.virtualKey()));
            }
            case PlanNode.Strategy s -> s.children().forEach(child -> collect(child, out));
            default -> {
            }
        }
    }
}
