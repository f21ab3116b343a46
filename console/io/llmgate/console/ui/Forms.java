package io.llmgate.console.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.routing.InvalidRoutingConfigException;

/**
 * Runs a save and shows what the service refused where it belongs: a {@link GovernanceException} that names a
 * parameter marks that field invalid with the service's message; anything else becomes an error notification.
 * The services are transactional, so a refused save leaves nothing behind.
 */
public final class Forms {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    /** Registers the field that shows errors for a service parameter ({@code name}, {@code base_url}, ...). */
    public Forms field(String param, HasValidation field) {
        fields.put(param, field);
        return this;
    }

    public void clear() {
        fields.values().forEach(f -> f.setInvalid(false));
    }

    /** Runs {@code save}; returns its result, or null when it was refused (and the refusal is shown). */
    public <T> T save(Supplier<T> save) {
        clear();
        try {
            return save.get();
        } catch (GovernanceException e) {
            HasValidation field = e.param() == null ? null : fields.get(e.param());
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            } else {
                error(e.getMessage());
            }
        } catch (InvalidRoutingConfigException e) {
            HasValidation field = fields.get("config");
            String message = String.join("; ", e.errors());
            if (field != null) {
                field.setErrorMessage(message);
                field.setInvalid(true);
            } else {
                error(message);
            }
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            HasValidation field = fields.values().stream().findFirst().orElse(null);
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            } else {
                error(e.getMessage());
            }
        }
        return null;
    }

    public boolean run(Runnable action) {
        return save(() -> {
            action.run();
            return Boolean.TRUE;
        }) != null;
    }

    public static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    public static void success(String message) {
        Notification n = Notification.show(message, 3000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Runs an action outside a form (a grid button); refusals become notifications. */
    public static boolean attempt(Runnable action) {
        return new Forms().run(action);
    }
}
