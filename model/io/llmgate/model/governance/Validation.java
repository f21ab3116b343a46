package io.llmgate.model.governance;

import java.util.Map;

/** Small checks shared by the governance services; each failure names the field. */
final class Validation {

    private Validation() {
    }

    static String name(String value, String param) {
        if (value == null || value.isBlank()) {
            throw GovernanceException.invalid(param, "'" + param + "' is required");
        }
        String v = value.trim();
        if (v.length() > 200) {
            throw GovernanceException.invalid(param, "'" + param + "' must be at most 200 characters");
        }
        return v;
    }

    static String optional(String value, String param, int max) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.length() > max) {
            throw GovernanceException.invalid(param, "'" + param + "' must be at most " + max + " characters");
        }
        return v.isEmpty() ? null : v;
    }

    static Map<String, String> map(Map<String, String> value, String param) {
        if (value == null) {
            return null;
        }
        if (value.size() > 50) {
            throw GovernanceException.invalid(param, "'" + param + "' may hold at most 50 entries");
        }
        value.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 100 || v == null || v.length() > 1000) {
                throw GovernanceException.invalid(param, "'" + param + "' entries need a name of at most 100 "
                        + "characters and a string value of at most 1000");
            }
        });
        return value;
    }
}
