package io.llmgate.model.governance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a gateway API key may do. Scopes:
 * <ul>
 * <li>{@code *}: everything;</li>
 * <li>endpoints: {@code chat.completions}, {@code completions}, {@code embeddings}, {@code models};</li>
 * <li>routing configs: {@code config:*} (any saved config), {@code config:<id>} (one), {@code config:inline}
 * (configs sent as JSON in the header). A key may always use its own default config.</li>
 * </ul>
 * Allowed models are patterns with {@code *} as wildcard ({@code gpt-4o*}); none means any model.
 */
public final class ApiKeyScopes {

    public static final String ALL = "*";
    public static final List<String> ENDPOINTS = List.of("chat.completions", "completions", "embeddings", "models");
    public static final String CONFIG_ANY = "config:*";
    public static final String CONFIG_INLINE = "config:inline";

    private ApiKeyScopes() {
    }

    /** Checks and normalises scopes given by an admin; null means "everything". */
    public static List<String> validate(Collection<String> scopes) {
        if (scopes == null) {
            return List.of(ALL);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : scopes) {
            String v = s == null ? "" : s.trim();
            if (v.equals(ALL) || ENDPOINTS.contains(v) || v.equals(CONFIG_ANY) || v.equals(CONFIG_INLINE)
                    || (v.startsWith("config:") && v.length() > 7 && v.length() <= 200)) {
                out.add(v);
            } else {
                throw GovernanceException.invalid("scopes", "unknown scope '" + v + "'; use *, "
                        + String.join(", ", ENDPOINTS) + ", config:*, config:inline or config:<id>");
            }
        }
        return List.copyOf(out);
    }

    public static List<String> validateModels(Collection<String> models) {
        if (models == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String m : models) {
            if (m == null || m.isBlank() || m.length() > 200) {
                throw GovernanceException.invalid("allowed_models", "allowed models must be non-empty names or "
                        + "patterns such as gpt-4o*");
            }
            out.add(m.trim());
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    public static boolean allowsEndpoint(Collection<String> scopes, String endpointScope) {
        return scopes.contains(ALL) || scopes.contains(endpointScope);
    }

    /** @param config a config id, or null for an inline JSON config */
    public static boolean allowsConfig(Collection<String> scopes, String config, String defaultConfigId) {
        if (scopes.contains(ALL)) {
            return true;
        }
        if (config == null) {
            return scopes.contains(CONFIG_INLINE);
        }
        return config.equals(defaultConfigId) || scopes.contains(CONFIG_ANY) || scopes.contains("config:" + config);
    }

    public static boolean allowsModel(Collection<String> allowedModels, String model) {
        if (allowedModels == null || allowedModels.isEmpty() || model == null) {
            return true;
        }
        for (String pattern : allowedModels) {
            if (glob(pattern, model)) {
                return true;
            }
        }
        return false;
    }

    static boolean glob(String pattern, String value) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(value);
        }
        String[] parts = pattern.split("\\*", -1);
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }
}
