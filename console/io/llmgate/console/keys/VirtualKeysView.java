package io.llmgate.console.keys;

import java.util.TreeSet;

import jakarta.annotation.security.PermitAll;

import org.springframework.beans.factory.ObjectProvider;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
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
import io.llmgate.model.crypto.SecretValue;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.ProviderCatalog;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.VirtualKeyService.VirtualKeySpec;
import io.llmgate.model.governance.VirtualKeyService.VirtualKeyView;

/**
 * Virtual keys of the workspace: a provider credential stored encrypted and used by id. The secret is typed once
 * (on create or rotate) and never shown again; disabling stops its use at once.
 */
@Route(value = "virtual-keys", layout = MainLayout.class)
@PageTitle("Virtual keys · llmgate")
@PermitAll
public class VirtualKeysView extends VerticalLayout {

    private final VirtualKeyService keys;
    private final CurrentUser user;
    private final ObjectProvider<ProviderCatalog> providers;
    private final String workspaceId;
    private final boolean canWrite;
    private final Grid<VirtualKeyView> grid = new Grid<>();

    /** The form's fields, bound by {@link Binder}. */
    static final class Form {
        String name;
        String provider;
        String secret;
        String baseUrl;
    }

    public VirtualKeysView(VirtualKeyService keys, CurrentUser user, WorkspaceContext workspaces,
                           ObjectProvider<ProviderCatalog> providers) {
        this.keys = keys;
        this.user = user;
        this.providers = providers;
        this.workspaceId = workspaces.currentId();
        this.canWrite = user.can(workspaceId, Permission.VIRTUAL_KEY_WRITE);
        setId("virtual-keys-view");
        setSizeFull();
        Button create = new Button("New virtual key", VaadinIcon.PLUS.create(), e -> openCreate());
        create.setId("vk-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(canWrite);
        HorizontalLayout bar = new HorizontalLayout(new H2("Virtual keys"), create);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Paragraph help = new Paragraph("A virtual key stores a provider API key encrypted (AES-GCM). Routing configs "
                + "and the x-gateway-virtual-key header use it by id; the secret is never shown again."
                + (canWrite ? "" : " Your role lets you see virtual keys but not change them."));
        grid.setId("vk-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(VirtualKeyView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(VirtualKeyView::id).setHeader("Id").setAutoWidth(true);
        grid.addColumn(VirtualKeyView::provider).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(v -> Format.text(v.baseUrl())).setHeader("Base URL").setAutoWidth(true);
        grid.addColumn(v -> v.enabled() ? "enabled" : "disabled").setHeader("State").setAutoWidth(true);
        grid.addColumn(v -> Format.time(v.rotatedAt())).setHeader("Rotated").setAutoWidth(true);
        grid.addColumn(v -> Format.time(v.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        add(bar, help, grid);
        refresh();
    }

    private void refresh() {
        if (workspaceId == null) {
            grid.setItems();
            return;
        }
        grid.setItems(keys.list(user.actor(), workspaceId));
    }

    private HorizontalLayout actions(VirtualKeyView v) {
        Button rotate = new Button("Rotate", e -> openRotate(v));
        rotate.setId("vk-rotate-" + v.name());
        Button toggle = new Button(v.enabled() ? "Disable" : "Enable", e -> {
            if (Forms.attempt(() -> keys.update(user.actor(), v.id(), new VirtualKeySpec(null, null, null, null,
                    null, !v.enabled())))) {
                Forms.success("Virtual key " + v.name() + (v.enabled() ? " disabled" : " enabled"));
                refresh();
            }
        });
        toggle.setId("vk-toggle-" + v.name());
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> Dialogs.confirm("Delete " + v.name() + "?",
                "Configs that use " + v.id() + " will fail until changed.", "Delete", () -> {
                    if (Forms.attempt(() -> keys.delete(user.actor(), v.id()))) {
                        refresh();
                    }
                }));
        delete.setAriaLabel("Delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button b : new Button[] {rotate, toggle, delete}) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            b.setEnabled(canWrite);
        }
        return new HorizontalLayout(rotate, toggle, delete);
    }

    private void openCreate() {
        TextField name = new TextField("Name");
        name.setId("vk-name");
        ComboBox<String> provider = new ComboBox<>("Provider");
        provider.setId("vk-provider");
        ProviderCatalog catalog = providers.getIfAvailable();
        provider.setItems(catalog == null ? new TreeSet<String>() : new TreeSet<>(catalog.names()));
        PasswordField secret = new PasswordField("Provider API key (secret)");
        secret.setId("vk-secret");
        secret.setRevealButtonVisible(false);
        secret.setHelperText("Stored encrypted; it is never shown again.");
        TextField baseUrl = new TextField("Base URL (optional)");
        baseUrl.setId("vk-base-url");
        baseUrl.setHelperText("For a proxy or a self-hosted endpoint, e.g. https://my-proxy.example/v1");

        Binder<Form> binder = new Binder<>();
        binder.forField(name).asRequired("Give the key a name").withValidator(s -> s.trim().length() <= 200,
                "At most 200 characters").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(provider).asRequired("Choose the provider").bind(f -> f.provider, (f, v) -> f.provider = v);
        binder.forField(secret).asRequired("Enter the provider's API key").bind(f -> f.secret, (f, v) -> f.secret = v);
        binder.forField(baseUrl).withValidator(s -> s == null || s.isBlank() || s.matches("https?://\\S+"),
                "Must be an http(s) URL").bind(f -> f.baseUrl, (f, v) -> f.baseUrl = v);
        Forms errors = new Forms().field("name", name).field("provider", provider).field("secret", secret)
                .field("base_url", baseUrl);
        Dialog[] dialog = new Dialog[1];
        dialog[0] = Dialogs.form("New virtual key", "vk-save", () -> {
            Form f = new Form();
            if (!binder.writeBeanIfValid(f)) {
                return;
            }
            VirtualKeyView created = errors.save(() -> keys.create(user.actor(), workspaceId, new VirtualKeySpec(
                    f.name.trim(), f.provider, new SecretValue(f.secret),
                    f.baseUrl == null || f.baseUrl.isBlank() ? null : f.baseUrl.trim(), null, true)));
            if (created != null) {
                secret.clear();
                dialog[0].close();
                Forms.success("Virtual key " + created.name() + " created: " + created.id());
                refresh();
            }
        }, name, provider, secret, baseUrl);
        dialog[0].open();
    }

    private void openRotate(VirtualKeyView v) {
        PasswordField secret = new PasswordField("New provider API key");
        secret.setId("vk-rotate-secret");
        secret.setRevealButtonVisible(false);
        Binder<Form> binder = new Binder<>();
        binder.forField(secret).asRequired("Enter the new provider API key").bind(f -> f.secret, (f, s) -> f.secret = s);
        Forms errors = new Forms().field("secret", secret);
        Dialog[] dialog = new Dialog[1];
        dialog[0] = Dialogs.form("Rotate " + v.name(), "vk-rotate-save", () -> {
            Form f = new Form();
            if (binder.writeBeanIfValid(f) && errors.save(() -> keys.rotate(user.actor(), v.id(),
                    new SecretValue(f.secret))) != null) {
                dialog[0].close();
                Forms.success("Virtual key " + v.name() + " rotated; the next request uses the new secret");
                refresh();
            }
        }, secret);
        dialog[0].open();
    }
}
