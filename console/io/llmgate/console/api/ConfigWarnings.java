package io.llmgate.console.api;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.routing.RoutingConfigService;
import io.llmgate.routes.routing.RoutingConfigParser;
import io.llmgate.routes.routing.VirtualKeyReferences;

/**
 * What a saved routing config stores but will not work as it is: virtual keys that do not exist in the config's
 * workspace (in any workspace, for an organisation-wide config). Saved all the same — the key may be created next —
 * but named, since requests using the config are refused ({@code unknown_virtual_key}) until they exist. For the
 * admin API's answer to a save, and for the console's editor.
 */
@Component
public class ConfigWarnings {

    /** @param field the config path, as validation errors name it ({@code targets[0].virtual_key}) */
    public record Warning(String field, String message) {
    }

    private final RoutingConfigParser parser;
    private final VirtualKeyService virtualKeys;
    private final ObjectMapper json;

    public ConfigWarnings(RoutingConfigParser parser, VirtualKeyService virtualKeys, ObjectMapper json) {
        this.parser = parser;
        this.virtualKeys = virtualKeys;
        this.json = json;
    }

    /** An empty list when there is nothing to say. */
    public List<Warning> of(RoutingConfigService.Active saved) {
        return of(saved.version().getBody(), saved.config().getWorkspaceId());
    }

    /**
     * For a config as written (the console's editor, before and after a save); empty when the text is not a valid
     * config, whose errors say more.
     *
     * @param workspace the config's workspace, null for an organisation-wide config
     */
    public List<Warning> of(String body, String workspace) {
        try {
            return VirtualKeyReferences.of(parser.parse(json.readTree(body))).stream()
                    .filter(ref -> virtualKeys.workspaceOf(ref.virtualKey())
                            .filter(w -> workspace == null || workspace.equals(w)).isEmpty())
                    .map(ref -> new Warning(ref.field(), "virtual key '" + ref.virtualKey() + "' does not exist in "
                            + (workspace == null ? "any workspace" : "this config's workspace")
                            + "; requests using this config get a 400 (unknown_virtual_key) until it does"))
                    .toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of(); // not a valid config: validation reports it
        }
    }
}
