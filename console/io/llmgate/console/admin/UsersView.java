package io.llmgate.console.admin;

import jakarta.annotation.security.RolesAllowed;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.governance.UserService;
import io.llmgate.model.governance.UserService.NewUser;
import io.llmgate.model.governance.UserService.UserUpdate;
import io.llmgate.model.governance.UserService.UserView;

/** Users of the organisation: create, enable/disable, reset a password. Organisation admins only. */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users · llmgate")
@RolesAllowed("ORG_ADMIN")
public class UsersView extends VerticalLayout {

    private final UserService users;
    private final CurrentUser user;
    private final Grid<UserView> grid = new Grid<>();

    static final class Form {
        String username;
        String displayName;
        String email;
        String password;
        boolean orgAdmin;
    }

    public UsersView(UserService users, CurrentUser user) {
        this.users = users;
        this.user = user;
        setId("users-view");
        Button create = new Button("New user", VaadinIcon.PLUS.create(), e -> openCreate());
        create.setId("user-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout bar = new HorizontalLayout(new H2("Users"), create);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        grid.setId("user-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(UserView::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(u -> Format.text(u.displayName())).setHeader("Name").setAutoWidth(true);
        grid.addColumn(u -> Format.text(u.email())).setHeader("Email").setAutoWidth(true);
        grid.addColumn(u -> u.orgAdmin() ? "yes" : "").setHeader("Org admin").setAutoWidth(true);
        grid.addColumn(u -> u.enabled() ? "enabled" : "disabled").setHeader("State").setAutoWidth(true);
        grid.addComponentColumn(u -> {
            Button toggle = new Button(u.enabled() ? "Disable" : "Enable", e -> {
                if (Forms.attempt(() -> users.update(user.actor(), u.id(), new UserUpdate(null, null, null,
                        !u.enabled(), null)))) {
                    refresh();
                }
            });
            Button password = new Button("Set password", e -> openPassword(u));
            for (Button b : new Button[] {toggle, password}) {
                b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            }
            return new HorizontalLayout(toggle, password);
        }).setAutoWidth(true);
        add(bar, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(users.list(user.actor()));
    }

    private void openCreate() {
        TextField username = new TextField("Username");
        username.setId("user-username");
        TextField name = new TextField("Display name");
        name.setId("user-display-name");
        EmailField email = new EmailField("Email");
        email.setId("user-email");
        PasswordField password = new PasswordField("Password");
        password.setId("user-password");
        password.setHelperText("12 to 72 characters");
        Checkbox admin = new Checkbox("Organisation admin");
        admin.setId("user-org-admin");
        Binder<Form> binder = new Binder<>();
        binder.forField(username).asRequired("Username is required").withValidator(
                s -> s.matches("[A-Za-z0-9._@-]+"), "Letters, digits and . _ @ - only")
                .bind(f -> f.username, (f, v) -> f.username = v);
        binder.forField(name).bind(f -> f.displayName, (f, v) -> f.displayName = v);
        binder.forField(email).bind(f -> f.email, (f, v) -> f.email = v);
        binder.forField(password).asRequired("Password is required").withValidator(s -> s.length() >= 12
                && s.length() <= 72, "12 to 72 characters").bind(f -> f.password, (f, v) -> f.password = v);
        binder.forField(admin).bind(f -> f.orgAdmin, (f, v) -> f.orgAdmin = v);
        Forms errors = new Forms().field("username", username).field("display_name", name).field("email", email)
                .field("password", password);
        Dialog[] d = new Dialog[1];
        d[0] = Dialogs.form("New user", "user-save", () -> {
            Form f = new Form();
            if (binder.writeBeanIfValid(f) && errors.save(() -> users.create(user.actor(), new NewUser(f.username,
                    f.password, f.displayName, f.email, f.orgAdmin))) != null) {
                password.clear();
                d[0].close();
                Forms.success("User " + f.username + " created; add them to workspaces under Workspaces & members");
                refresh();
            }
        }, username, name, email, password, admin);
        d[0].open();
    }

    private void openPassword(UserView u) {
        PasswordField password = new PasswordField("New password");
        password.setId("user-new-password");
        Forms errors = new Forms().field("password", password);
        Dialog[] d = new Dialog[1];
        d[0] = Dialogs.form("Password of " + u.username(), "user-password-save", () -> {
            if (errors.run(() -> users.update(user.actor(), u.id(), new UserUpdate(null, null, null, null,
                    password.getValue())))) {
                password.clear();
                d[0].close();
                Forms.success("Password changed");
            }
        }, password);
        d[0].open();
    }
}
