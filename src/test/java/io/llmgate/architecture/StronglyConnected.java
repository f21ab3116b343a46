package io.llmgate.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Tarjan's strongly connected components of a small graph; only the components of two or more nodes (cycles). */
final class StronglyConnected {

    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<Set<String>> knots = new ArrayList<>();

    private StronglyConnected(Map<String, Set<String>> graph) {
        this.graph = graph;
    }

    static List<Set<String>> knots(Map<String, Set<String>> graph) {
        StronglyConnected search = new StronglyConnected(graph);
        for (String node : graph.keySet()) {
            if (!search.index.containsKey(node)) search.visit(node);
        }
        return search.knots;
    }

    private void visit(String node) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) knots.add(component);
        }
    }
}
