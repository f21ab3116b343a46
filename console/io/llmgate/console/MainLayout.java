package io.llmgate.console;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.admin.UsersView;
import io.llmgate.console.admin.WorkspacesView;
import io.llmgate.console.audit.AuditView;
import io.llmgate.console.budgets.BudgetsView;
import io.llmgate.console.configs.ConfigsView;
import io.llmgate.console.dashboard.DashboardView;
import io.llmgate.console.health.HealthView;
import io.llmgate.console.keys.ApiKeysView;
import io.llmgate.console.keys.VirtualKeysView;
import io.llmgate.console.logs.LogsView;
import io.llmgate.console.pricing.PricingView;
import io.llmgate.model.governance.WorkspaceService;

/** The console's frame: navigation, the workspace being worked in, who is signed in. */
public class MainLayout extends AppLayout {

    public MainLayout(CurrentUser user, WorkspaceContext workspaces) {
        H1 title = new H1("llmgate");
        title.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);

        ComboBox<WorkspaceService.WorkspaceView> workspace = new ComboBox<>();
        workspace.setId("workspace-select");
        workspace.setPlaceholder("Workspace");
        workspace.setItems(workspaces.visible());
        workspace.setItemLabelGenerator(w -> w.name() + (w.role() == null ? "" : " (" + w.role() + ")"));
        workspaces.current().ifPresent(workspace::setValue);
        workspace.setAriaLabel("Workspace");
        workspace.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                workspaces.select(e.getValue().id());
                UI.getCurrent().refreshCurrentRoute(false);
            }
        });

        Span who = new Span(user.username().orElse("") + (user.orgAdmin() ? " · org admin" : ""));
        who.setId("signed-in-user");
        who.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Button logout = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> user.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, workspace, who, logout);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.expand(workspace);
        workspace.setMaxWidth("320px");
        header.setWidthFull();
        header.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM);
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Request logs", LogsView.class, VaadinIcon.LIST.create()));
        nav.addItem(new SideNavItem("Routing configs", ConfigsView.class, VaadinIcon.SPLIT.create()));
        nav.addItem(new SideNavItem("Providers & health", HealthView.class, VaadinIcon.HEART.create()));
        nav.addItem(new SideNavItem("Virtual keys", VirtualKeysView.class, VaadinIcon.LOCK.create()));
        nav.addItem(new SideNavItem("API keys", ApiKeysView.class, VaadinIcon.KEY.create()));
        nav.addItem(new SideNavItem("Budgets & limits", BudgetsView.class, VaadinIcon.WALLET.create()));
        nav.addItem(new SideNavItem("Pricing", PricingView.class, VaadinIcon.DOLLAR.create()));
        nav.addItem(new SideNavItem("Workspaces & members", WorkspacesView.class, VaadinIcon.GROUP.create()));
        if (user.orgAdmin()) {
            nav.addItem(new SideNavItem("Users", UsersView.class, VaadinIcon.USERS.create()));
        }
        nav.addItem(new SideNavItem("Audit trail", AuditView.class, VaadinIcon.RECORDS.create()));
        nav.setId("main-nav");
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
