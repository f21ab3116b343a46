package io.llmgate.console.audit;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.audit.AuditEventView;
import io.llmgate.model.audit.AuditQuery;
import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.GovernanceException;

/** Who changed what, and what the gateway refused: the audit trail (workspace admins and owners). */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit trail · llmgate")
@PermitAll
public class AuditView extends VerticalLayout {

    private final AuditService audit;
    private final CurrentUser user;
    private final TextField action = new TextField("Action");
    private final TextField target = new TextField("Target id");
    private final Select<String> outcome = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final Grid<AuditEventView> grid = new Grid<>();
    private final Span note = new Span();

    public AuditView(AuditService audit, CurrentUser user) {
        this.audit = audit;
        this.user = user;
        setId("audit-view");
        setSizeFull();
        action.setId("audit-action");
        action.setPlaceholder("e.g. virtual_key.* or budget.create");
        target.setId("audit-target");
        outcome.setLabel("Outcome");
        outcome.setItems("any", AuditService.SUCCESS, AuditService.DENIED);
        outcome.setValue("any");
        outcome.setId("audit-outcome");
        from.setId("audit-from");
        Button search = new Button("Search", e -> search());
        search.setId("audit-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FlexLayout filters = new FlexLayout(action, target, outcome, from, search);
        filters.setAlignItems(Alignment.BASELINE);
        filters.addClassNames(LumoUtility.Gap.SMALL);
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(e -> Format.time(e.occurredAt())).setHeader("Time (UTC)").setAutoWidth(true);
        grid.addColumn(e -> e.actorType().toLowerCase() + " " + Format.text(e.actorName())).setHeader("Who")
                .setAutoWidth(true);
        grid.addColumn(AuditEventView::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(e -> Format.text(e.targetType()) + " " + Format.text(e.targetId())).setHeader("Target")
                .setAutoWidth(true);
        grid.addColumn(AuditEventView::outcome).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(e -> Format.text(e.detail())).setHeader("Detail").setAutoWidth(true);
        grid.addColumn(e -> Format.text(e.sourceIp())).setHeader("From").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(e -> {
            Span s = new Span("before: " + Format.text(e.before()) + "  →  after: " + Format.text(e.after()));
            s.addClassNames(LumoUtility.FontSize.XSMALL);
            return s;
        }));
        grid.setSizeFull();
        note.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(new H2("Audit trail"), filters, note, grid);
        search();
    }

    private void search() {
        String a = blank(action.getValue());
        String t = blank(target.getValue());
        String o = "any".equals(outcome.getValue()) ? null : outcome.getValue();
        LocalDateTime f = from.getValue();
        try {
            audit.search(user.actor(), new AuditQuery(null, a, null, null, t, o, null, null, 0, 1));
            note.setText("");
        } catch (GovernanceException e) {
            note.setText(e.getMessage());
        }
        grid.setItems(query -> {
            try {
                return audit.search(user.actor(), new AuditQuery(null, a, null, null, t, o,
                        f == null ? null : f.toInstant(ZoneOffset.UTC), null, query.getPage(),
                        query.getPageSize())).events().stream();
            } catch (GovernanceException e) {
                Forms.error(e.getMessage());
                return Stream.empty();
            }
        });
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
