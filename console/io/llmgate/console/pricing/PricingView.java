package io.llmgate.console.pricing;

import java.math.BigDecimal;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.audit.AuditService;
import io.llmgate.model.pricing.Price;
import io.llmgate.model.pricing.PricingService;
import io.llmgate.model.pricing.PricingService.PriceRow;

/**
 * The price table (USD per 1M tokens) used for request cost and budgets: config/pricing.yml plus overrides, which
 * organisation admins set and remove here.
 */
@Route(value = "pricing", layout = MainLayout.class)
@PageTitle("Pricing · llmgate")
@PermitAll
public class PricingView extends VerticalLayout {

    private final PricingService pricing;
    private final AuditService audit;
    private final CurrentUser user;
    private final boolean canWrite;
    private final Grid<PriceRow> grid = new Grid<>();
    private final TextField search = new TextField();

    static final class Form {
        String provider;
        String model;
        BigDecimal input;
        BigDecimal cachedInput;
        BigDecimal output;
    }

    public PricingView(PricingService pricing, AuditService audit, CurrentUser user) {
        this.pricing = pricing;
        this.audit = audit;
        this.user = user;
        this.canWrite = user.orgAdmin();
        setId("pricing-view");
        setSizeFull();
        Button add = new Button("Override a price", VaadinIcon.PLUS.create(), e -> open(null));
        add.setId("price-new");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setEnabled(canWrite);
        search.setPlaceholder("Filter provider or model");
        search.setId("price-search");
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> refresh());
        HorizontalLayout bar = new HorizontalLayout(new H2("Pricing"), search, add);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Span help = new Span("USD per 1 million tokens. Overrides apply at once to new requests' cost and to budget "
                + "holds." + (canWrite ? "" : " Only organisation admins may change prices."));
        help.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        grid.setId("price-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(PriceRow::provider).setHeader("Provider").setSortable(true).setAutoWidth(true);
        grid.addColumn(PriceRow::model).setHeader("Model").setSortable(true).setAutoWidth(true);
        grid.addColumn(PriceRow::input).setHeader("Input").setAutoWidth(true);
        grid.addColumn(r -> r.cachedInput() == null ? "= input" : r.cachedInput().toPlainString())
                .setHeader("Cached input").setAutoWidth(true);
        grid.addColumn(PriceRow::output).setHeader("Output").setAutoWidth(true);
        grid.addColumn(r -> r.overridden() ? "override" : "default").setHeader("Source").setAutoWidth(true);
        grid.addComponentColumn(r -> {
            Button edit = new Button("Override", e -> open(r));
            Button remove = new Button("Remove override", e -> {
                if (pricing.removeOverride(r.provider(), r.model())) {
                    audit.record(user.actor(), "price.remove_override", null, "price", r.provider() + "/"
                            + r.model(), r, null, null);
                }
                refresh();
            });
            remove.setVisible(r.overridden());
            for (Button b : new Button[] {edit, remove}) {
                b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                b.setEnabled(canWrite);
            }
            return new HorizontalLayout(edit, remove);
        }).setAutoWidth(true);
        add(bar, help, grid);
        refresh();
    }

    private void refresh() {
        String q = search.getValue() == null ? "" : search.getValue().trim().toLowerCase();
        grid.setItems(pricing.table().stream().filter(r -> q.isEmpty() || r.provider().contains(q)
                || r.model().contains(q)).toList());
    }

    private void open(PriceRow row) {
        TextField provider = new TextField("Provider");
        provider.setId("price-provider");
        TextField model = new TextField("Model");
        model.setId("price-model");
        BigDecimalField input = new BigDecimalField("Input (USD / 1M)");
        input.setId("price-input");
        BigDecimalField cached = new BigDecimalField("Cached input (optional)");
        cached.setId("price-cached");
        BigDecimalField output = new BigDecimalField("Output (USD / 1M)");
        output.setId("price-output");
        Binder<Form> binder = new Binder<>();
        binder.forField(provider).asRequired("Provider is required").withValidator(s -> s.trim().length() <= 64,
                "At most 64 characters").bind(f -> f.provider, (f, v) -> f.provider = v);
        binder.forField(model).asRequired("Model is required").withValidator(s -> s.trim().length() <= 128,
                "At most 128 characters").bind(f -> f.model, (f, v) -> f.model = v);
        binder.forField(input).asRequired("Input price is required").withValidator(v -> v.signum() >= 0,
                "Must not be negative").bind(f -> f.input, (f, v) -> f.input = v);
        binder.forField(cached).withValidator(v -> v == null || v.signum() >= 0, "Must not be negative")
                .bind(f -> f.cachedInput, (f, v) -> f.cachedInput = v);
        binder.forField(output).asRequired("Output price is required").withValidator(v -> v.signum() >= 0,
                "Must not be negative").bind(f -> f.output, (f, v) -> f.output = v);
        if (row != null) {
            Form f = new Form();
            f.provider = row.provider();
            f.model = row.model();
            f.input = row.input();
            f.cachedInput = row.cachedInput();
            f.output = row.output();
            binder.readBean(f);
            provider.setReadOnly(true);
            model.setReadOnly(true);
        }
        Dialog[] d = new Dialog[1];
        d[0] = Dialogs.form(row == null ? "Override a price" : "Override " + row.provider() + "/" + row.model(),
                "price-save", () -> {
                    Form f = new Form();
                    if (!binder.writeBeanIfValid(f)) {
                        return;
                    }
                    Price price = new Price(f.input, f.output, f.cachedInput);
                    pricing.setOverride(f.provider.trim(), f.model.trim(), price);
                    audit.record(user.actor(), "price.override", null, "price", f.provider.trim().toLowerCase() + "/"
                            + f.model.trim().toLowerCase(), row, price, null);
                    d[0].close();
                    Forms.success("Price saved");
                    refresh();
                }, provider, model, input, cached, output);
        d[0].open();
    }
}
