package io.llmgate.model.routing;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.governance.GovernanceException;

/**
 * Named routing configs with versions: every save validates and stores a new version and makes it active; rollback
 * makes an older version active again. Changes take effect on the next request (see {@link RoutingConfigChanged}).
 */
@Service
public class RoutingConfigService {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}");

    private final RoutingConfigRepository configs;
    private final RoutingConfigVersionRepository versions;
    private final ConfigValidator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public RoutingConfigService(RoutingConfigRepository configs, RoutingConfigVersionRepository versions,
                                ConfigValidator validator, ApplicationEventPublisher events,
                                Optional<Clock> clock) {
        this.configs = configs;
        this.versions = versions;
        this.validator = validator;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The active version of a config and the config itself. */
    public record Active(RoutingConfig config, RoutingConfigVersion version) {
    }

    @Transactional
    public Active create(String id, String workspaceId, String name, String json, String author) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRoutingConfigException(List.of("id: 1-100 letters, digits, '.', '_' or '-'"));
        }
        if (configs.existsById(id)) {
            throw new GovernanceException(GovernanceException.Kind.CONFLICT, "conflict", "id",
                    "routing config '" + id + "' already exists");
        }
        check(json);
        RoutingConfig config = configs.save(new RoutingConfig(id, workspaceId, name == null || name.isBlank() ? id
                : name, clock.instant()));
        return store(config, json, "created", author);
    }

    @Transactional
    public Active update(String id, String json, String comment, String author) {
        RoutingConfig config = configs.findById(id).orElseThrow(() -> notFound(id));
        check(json);
        return store(config, json, comment, author);
    }

    @Transactional
    public Active rollback(String id, int version, String author) {
        RoutingConfig config = configs.findById(id).orElseThrow(() -> notFound(id));
        RoutingConfigVersion target = versions.findByConfigIdAndVersion(id, version)
                .orElseThrow(() -> new NoSuchElementException("routing config '" + id + "' has no version " + version));
        config.activate(version, clock.instant());
        events.publishEvent(new RoutingConfigChanged(id, version));
        return new Active(config, target);
    }

    @Transactional(readOnly = true)
    public Optional<Active> active(String id) {
        return configs.findById(id).flatMap(c -> versions.findByConfigIdAndVersion(id, c.getActiveVersion())
                .map(v -> new Active(c, v)));
    }

    @Transactional(readOnly = true)
    public List<RoutingConfig> list(String workspaceId) {
        return workspaceId == null ? configs.findAllByOrderByIdAsc() : configs.findByWorkspaceIdOrderByIdAsc(workspaceId);
    }

    @Transactional(readOnly = true)
    public List<RoutingConfigVersion> versions(String id) {
        if (!configs.existsById(id)) {
            throw notFound(id);
        }
        return versions.findByConfigIdOrderByVersionDesc(id);
    }

    private void check(String json) {
        List<String> errors = validator.validate(json);
        if (!errors.isEmpty()) {
            throw new InvalidRoutingConfigException(errors);
        }
    }

    private Active store(RoutingConfig config, String json, String comment, String author) {
        int next = versions.findFirstByConfigIdOrderByVersionDesc(config.getId())
                .map(v -> v.getVersion() + 1).orElse(1);
        RoutingConfigVersion version = versions.save(new RoutingConfigVersion(config.getId(), next, json, comment,
                clock.instant(), author));
        config.activate(next, clock.instant());
        events.publishEvent(new RoutingConfigChanged(config.getId(), next));
        return new Active(config, version);
    }

    private static NoSuchElementException notFound(String id) {
        return new NoSuchElementException("routing config '" + id + "' not found");
    }
}
