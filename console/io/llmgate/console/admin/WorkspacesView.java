package io.llmgate.console.admin;

import java.util.List;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.Role;
import io.llmgate.model.governance.UserService;
import io.llmgate.model.governance.WorkspaceService;
import io.llmgate.model.governance.WorkspaceService.MemberView;
import io.llmgate.model.governance.WorkspaceService.WorkspaceView;

/** Workspaces (organisation admins create them) and who holds which role in each (admins and owners manage). */
@Route(value = "workspaces", layout = MainLayout.class)
@PageTitle("Workspaces · llmgate")
@PermitAll
public class WorkspacesView extends VerticalLayout {

    private final WorkspaceService workspaces;
    private final UserService users;
    private final CurrentUser user;
    private final Grid<WorkspaceView> grid = new Grid<>();
    private final Grid<MemberView> members = new Grid<>();
    private final H3 membersTitle = new H3("Members");
    private final Button addMember = new Button("Add member", VaadinIcon.PLUS.create());
    private WorkspaceView selected;

    static final class Form {
        String name;
        String description;
    }

    public WorkspacesView(WorkspaceService workspaces, UserService users, CurrentUser user) {
        this.workspaces = workspaces;
        this.users = users;
        this.user = user;
        setId("workspaces-view");
        Button create = new Button("New workspace", VaadinIcon.PLUS.create(), e -> openCreate());
        create.setId("ws-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(user.orgAdmin());
        HorizontalLayout bar = new HorizontalLayout(new H2("Workspaces"), create);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        grid.setId("ws-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(WorkspaceView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(w -> Format.text(w.description())).setHeader("Description").setAutoWidth(true);
        grid.addColumn(w -> Format.text(w.role())).setHeader("Your role").setAutoWidth(true);
        grid.addColumn(WorkspaceView::id).setHeader("Id").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.asSingleSelect().addValueChangeListener(e -> select(e.getValue()));

        members.setId("member-grid");
        members.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        members.addColumn(MemberView::username).setHeader("User").setAutoWidth(true);
        members.addColumn(m -> Format.text(m.displayName())).setHeader("Name").setAutoWidth(true);
        members.addComponentColumn(this::roleSelect).setHeader("Role").setAutoWidth(true);
        members.addComponentColumn(m -> {
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> Dialogs.confirm("Remove " + m.username() + "?",
                    "They lose access to this workspace.", "Remove", () -> {
                        if (Forms.attempt(() -> workspaces.removeMember(user.actor(), selected.id(), m.userId()))) {
                            select(selected);
                        }
                    }));
            remove.setAriaLabel("Remove member");
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.setEnabled(canManage());
            return remove;
        }).setAutoWidth(true);
        members.setAllRowsVisible(true);
        addMember.setId("member-add");
        addMember.addClickListener(e -> openAddMember());
        HorizontalLayout membersBar = new HorizontalLayout(membersTitle, addMember);
        membersBar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(bar, grid, membersBar, members);
        List<WorkspaceView> all = workspaces.list(user.actor());
        grid.setItems(all);
        if (!all.isEmpty()) {
            grid.select(all.get(0));
        }
    }

    private boolean canManage() {
        return selected != null && user.can(selected.id(), Permission.MEMBER_MANAGE);
    }

    private void select(WorkspaceView w) {
        selected = w;
        if (w == null) {
            members.setItems(List.of());
            addMember.setEnabled(false);
            return;
        }
        membersTitle.setText("Members of " + w.name());
        members.setItems(workspaces.members(user.actor(), w.id()));
        addMember.setEnabled(canManage());
    }

    private Select<Role> roleSelect(MemberView m) {
        Select<Role> role = new Select<>();
        role.setItems(Role.values());
        role.setItemLabelGenerator(r -> r.name().toLowerCase());
        role.setValue(Role.parse(m.role()));
        role.setEnabled(canManage());
        role.setId("member-role-" + m.username());
        role.addValueChangeListener(e -> {
            if (e.isFromClient() && !Forms.attempt(() -> workspaces.setRole(user.actor(), selected.id(), m.userId(),
                    e.getValue()))) {
                role.setValue(e.getOldValue());
            }
        });
        return role;
    }

    private void openCreate() {
        TextField name = new TextField("Name");
        name.setId("ws-name");
        TextField description = new TextField("Description");
        description.setId("ws-description");
        Binder<Form> binder = new Binder<>();
        binder.forField(name).asRequired("Give the workspace a name").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(description).bind(f -> f.description, (f, v) -> f.description = v);
        Forms errors = new Forms().field("name", name).field("description", description);
        Dialog[] d = new Dialog[1];
        d[0] = Dialogs.form("New workspace", "ws-save", () -> {
            Form f = new Form();
            if (binder.writeBeanIfValid(f) && errors.save(() -> workspaces.create(user.actor(), f.name,
                    f.description)) != null) {
                d[0].close();
                grid.setItems(workspaces.list(user.actor()));
            }
        }, name, description);
        d[0].open();
    }

    private void openAddMember() {
        ComboBox<UserService.UserView> who = new ComboBox<>("User");
        who.setId("member-user");
        who.setItemLabelGenerator(UserService.UserView::username);
        if (user.orgAdmin()) {
            who.setItems(users.list(user.actor()));
        }
        Select<Role> role = new Select<>();
        role.setId("member-new-role");
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(r -> r.name().toLowerCase());
        role.setValue(Role.VIEWER);
        Forms errors = new Forms().field("user", who).field("role", role);
        Dialog[] d = new Dialog[1];
        d[0] = Dialogs.form("Add member to " + selected.name(), "member-save", () -> {
            if (who.getValue() == null) {
                who.setErrorMessage("Choose a user");
                who.setInvalid(true);
                return;
            }
            if (errors.save(() -> workspaces.setRole(user.actor(), selected.id(), who.getValue().id(),
                    role.getValue())) != null) {
                d[0].close();
                select(selected);
            }
        }, who, role);
        d[0].open();
    }
}
