package io.llmgate.console.keys;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.governance.ApiKeyScopes;
import io.llmgate.model.governance.ApiKeyService;
import io.llmgate.model.governance.ApiKeyService.ApiKeySpec;
import io.llmgate.model.governance.ApiKeyService.ApiKeyView;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.routing.RoutingConfig;
import io.llmgate.model.routing.RoutingConfigService;

/**
 * Gateway API keys of the workspace: create (the key is shown once), scopes, allowed models, default config,
 * expiry, rotate, revoke.
 */
@Route(value = "api-keys", layout = MainLayout.class)
@PageTitle("API keys · llmgate")
@PermitAll
public class ApiKeysView extends VerticalLayout {

    private final ApiKeyService keys;
    private final RoutingConfigService configs;
    private final CurrentUser user;
    private final String workspaceId;
    private final boolean canWrite;
    private final Grid<ApiKeyView> grid = new Grid<>();

    static final class Form {
        String name;
        Set<String> scopes;
        String models;
        String defaultConfig;
        LocalDate expires;
    }

    public ApiKeysView(ApiKeyService keys, RoutingConfigService configs, CurrentUser user,
                       WorkspaceContext workspaces) {
        this.keys = keys;
        this.configs = configs;
        this.user = user;
        this.workspaceId = workspaces.currentId();
        this.canWrite = user.can(workspaceId, Permission.API_KEY_WRITE);
        setId("api-keys-view");
        setSizeFull();
        Button create = new Button("New API key", VaadinIcon.PLUS.create(), e -> openCreate());
        create.setId("ak-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(canWrite);
        HorizontalLayout bar = new HorizontalLayout(new H2("API keys"), create);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Paragraph help = new Paragraph("Clients send a gateway API key as 'Authorization: Bearer lg-...'. The key "
                + "is shown once when it is created or rotated; only its prefix is kept readable."
                + (canWrite ? "" : " Your role lets you see API keys but not change them."));
        grid.setId("ak-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ApiKeyView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(ApiKeyView::prefix).setHeader("Prefix").setAutoWidth(true);
        grid.addColumn(ApiKeyView::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(k -> String.join(", ", k.scopes())).setHeader("Scopes").setAutoWidth(true);
        grid.addColumn(k -> k.allowedModels() == null ? "any" : String.join(", ", k.allowedModels()))
                .setHeader("Models").setAutoWidth(true);
        grid.addColumn(k -> Format.text(k.defaultConfigId())).setHeader("Default config").setAutoWidth(true);
        grid.addColumn(k -> k.expiresAt() == null ? "never" : Format.time(k.expiresAt())).setHeader("Expires")
                .setAutoWidth(true);
        grid.addColumn(ApiKeyView::id).setHeader("Id").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        add(bar, help, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(workspaceId == null ? List.of() : keys.list(user.actor(), workspaceId));
    }

    private HorizontalLayout actions(ApiKeyView k) {
        Button rotate = new Button("Rotate", e -> Dialogs.confirm("Rotate " + k.name() + "?",
                "The current key stops working at once; the new one is shown once.", "Rotate", () -> {
                    ApiKeyService.CreatedApiKey created = new Forms().save(() -> keys.rotate(user.actor(), k.id()));
                    if (created != null) {
                        showOnce(created);
                        refresh();
                    }
                }));
        rotate.setId("ak-rotate-" + k.name());
        Button revoke = new Button("Revoke", e -> Dialogs.confirm("Revoke " + k.name() + "?",
                "Requests with this key are refused from now on. This cannot be undone.", "Revoke", () -> {
                    if (Forms.attempt(() -> keys.revoke(user.actor(), k.id()))) {
                        Forms.success("API key " + k.name() + " revoked");
                        refresh();
                    }
                }));
        revoke.setId("ak-revoke-" + k.name());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
        boolean active = "active".equals(k.status());
        for (Button b : new Button[] {rotate, revoke}) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            b.setEnabled(canWrite && active);
        }
        return new HorizontalLayout(rotate, revoke);
    }

    private void openCreate() {
        TextField name = new TextField("Name");
        name.setId("ak-name");
        MultiSelectComboBox<String> scopes = new MultiSelectComboBox<>("Scopes");
        scopes.setId("ak-scopes");
        List<String> known = new ArrayList<>(List.of(ApiKeyScopes.ALL));
        known.addAll(ApiKeyScopes.ENDPOINTS);
        known.add(ApiKeyScopes.CONFIG_ANY);
        known.add(ApiKeyScopes.CONFIG_INLINE);
        for (RoutingConfig c : configs.list(workspaceId)) {
            known.add("config:" + c.getId());
        }
        scopes.setItems(known);
        scopes.setValue(Set.of(ApiKeyScopes.ALL));
        scopes.setHelperText("* allows everything; config:<id> allows one routing config");
        TextField models = new TextField("Allowed models");
        models.setId("ak-models");
        models.setPlaceholder("any; or e.g. gpt-4o*, claude-3-5-haiku*");
        TextField defaultConfig = new TextField("Default routing config");
        defaultConfig.setId("ak-default-config");
        defaultConfig.setHelperText("Used when a request names no config and no provider");
        DatePicker expires = new DatePicker("Expires (UTC, optional)");
        expires.setId("ak-expires");
        expires.setMin(LocalDate.now(ZoneOffset.UTC).plusDays(1));

        Binder<Form> binder = new Binder<>();
        binder.forField(name).asRequired("Give the key a name").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(scopes).asRequired("Choose at least one scope").bind(f -> f.scopes, (f, v) -> f.scopes = v);
        binder.forField(models).bind(f -> f.models, (f, v) -> f.models = v);
        binder.forField(defaultConfig).withValidator(s -> s == null || s.isBlank()
                        || configs.active(s.trim()).filter(a -> workspaceId.equals(a.config().getWorkspaceId())
                        || a.config().getWorkspaceId() == null).isPresent(),
                "No routing config with this id in this workspace").bind(f -> f.defaultConfig,
                        (f, v) -> f.defaultConfig = v);
        binder.forField(expires).withValidator(d -> d == null || d.isAfter(LocalDate.now(ZoneOffset.UTC)),
                "Must be in the future").bind(f -> f.expires, (f, v) -> f.expires = v);
        Forms errors = new Forms().field("name", name).field("scopes", scopes).field("allowed_models", models)
                .field("default_config_id", defaultConfig).field("expires_at", expires);
        Dialog[] dialog = new Dialog[1];
        dialog[0] = Dialogs.form("New API key", "ak-save", () -> {
            Form f = new Form();
            if (!binder.writeBeanIfValid(f)) {
                return;
            }
            List<String> modelList = f.models == null || f.models.isBlank() ? null
                    : Arrays.stream(f.models.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            ApiKeyService.CreatedApiKey created = errors.save(() -> keys.create(user.actor(), workspaceId,
                    new ApiKeySpec(f.name.trim(), new ArrayList<>(new LinkedHashSet<>(f.scopes)), modelList,
                            f.defaultConfig == null || f.defaultConfig.isBlank() ? null : f.defaultConfig.trim(),
                            null, f.expires == null ? null : f.expires.atStartOfDay().toInstant(ZoneOffset.UTC))));
            if (created != null) {
                dialog[0].close();
                showOnce(created);
                refresh();
            }
        }, name, scopes, models, defaultConfig, expires);
        dialog[0].open();
    }

    /** Shows a new key's token, the only time it can be seen. */
    private void showOnce(ApiKeyService.CreatedApiKey created) {
        Dialog d = new Dialog();
        d.setId("ak-token-dialog");
        d.setHeaderTitle("API key " + created.apiKey().name());
        TextField token = new TextField("Copy the key now: it is not shown again");
        token.setId("ak-token");
        token.setValue(created.key());
        token.setReadOnly(true);
        token.setWidthFull();
        d.add(token);
        Button done = new Button("I have copied it", e -> d.close());
        done.setId("ak-token-close");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(done);
        d.setCloseOnOutsideClick(false);
        d.setWidth("640px");
        d.open();
    }
}
