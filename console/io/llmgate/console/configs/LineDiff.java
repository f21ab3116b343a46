package io.llmgate.console.configs;

import java.util.ArrayList;
import java.util.List;

/** A unified-style line diff (longest common subsequence) of two config versions, for the history tab. */
final class LineDiff {

    private LineDiff() {
    }

    static String render(String from, String to, String fromLabel, String toLabel) {
        String[] a = from.split("\n");
        String[] b = to.split("\n");
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        out.add("--- " + fromLabel);
        out.add("+++ " + toLabel);
        int i = 0;
        int j = 0;
        boolean changed = false;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add("  " + a[i]);
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b[j++]);
                changed = true;
            } else {
                out.add("- " + a[i++]);
                changed = true;
            }
        }
        if (!changed) {
            out.add("(no differences)");
        }
        return String.join("\n", out);
    }
}
