package io.llmgate.console.configs;

import java.util.List;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.ui.Format;
import io.llmgate.model.routing.GovernedRoutingConfigs;
import io.llmgate.model.routing.RoutingConfig;

/** Named routing configs of the workspace (and organisation-wide ones); open one to edit, test or roll back. */
@Route(value = "configs", layout = MainLayout.class)
@PageTitle("Routing configs · llmgate")
@PermitAll
public class ConfigsView extends VerticalLayout {

    public ConfigsView(GovernedRoutingConfigs configs, CurrentUser user, WorkspaceContext workspaces) {
        setId("configs-view");
        setSizeFull();
        String ws = workspaces.currentId();
        boolean canWrite = ws != null && configs.canWrite(user.actor(), ws);
        Button create = new Button("New config", VaadinIcon.PLUS.create(),
                e -> getUI().ifPresent(ui -> ui.navigate(ConfigEditorView.class)));
        create.setId("cfg-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(canWrite);
        HorizontalLayout bar = new HorizontalLayout(new H2("Routing configs"), create);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Paragraph help = new Paragraph("Clients pick a config with the x-gateway-config header (its id), or an API "
                + "key's default config applies. Every save is a new version; the previous ones stay for rollback.");
        Grid<RoutingConfig> grid = new Grid<>();
        grid.setId("cfg-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(RoutingConfig::getId).setHeader("Id").setAutoWidth(true);
        grid.addColumn(RoutingConfig::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(c -> c.getWorkspaceId() == null ? "organisation" : "workspace").setHeader("Scope")
                .setAutoWidth(true);
        grid.addColumn(RoutingConfig::getActiveVersion).setHeader("Active version").setAutoWidth(true);
        grid.addColumn(c -> Format.time(c.getUpdatedAt())).setHeader("Updated").setAutoWidth(true);
        grid.addComponentColumn(c -> {
            Button open = new Button(canWrite ? "Edit" : "View", e -> getUI().ifPresent(ui ->
                    ui.navigate(ConfigEditorView.class, c.getId())));
            open.setId("cfg-open-" + c.getId());
            open.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            return open;
        }).setHeader("").setAutoWidth(true);
        List<RoutingConfig> items = ws == null ? List.of() : configs.list(user.actor(), ws);
        grid.setItems(items);
        grid.addItemDoubleClickListener(e -> getUI().ifPresent(ui -> ui.navigate(ConfigEditorView.class,
                e.getItem().getId())));
        add(bar, help, grid);
    }
}
