package io.llmgate.console.configs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.api.ConfigWarnings;
import io.llmgate.console.ui.Cells;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.VirtualKeyService.VirtualKeyView;
import io.llmgate.model.routing.ConfigSecrets;
import io.llmgate.model.routing.ConfigValidator;
import io.llmgate.model.routing.GovernedRoutingConfigs;
import io.llmgate.model.routing.RoutingConfigService;
import io.llmgate.model.routing.RoutingConfigVersion;
import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.routing.ConfigTester;

/**
 * One routing config: a form for the common shapes (one target, fallback chain, weighted load balancing,
 * conditional rules on metadata) that writes the JSON, the JSON itself with live validation, version history with
 * a diff against the active version and rollback, and a test request that shows which target answered.
 */
@Route(value = "configs/edit", layout = MainLayout.class)
@PageTitle("Routing config · llmgate")
@PermitAll
public class ConfigEditorView extends VerticalLayout implements HasUrlParameter<String> {

    enum Mode {
        SINGLE("One target"), FALLBACK("Fallback chain"), LOADBALANCE("Load balance (weights)"),
        CONDITIONAL("Conditional rules");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** A target row of the form. */
    final class TargetRow extends HorizontalLayout {
        final TextField name = new TextField("Name");
        final ComboBox<VirtualKeyView> virtualKey = new ComboBox<>("Virtual key");
        final TextField model = new TextField("Model override");
        final NumberField weight = new NumberField("Weight");

        TargetRow(int index) {
            name.setValue("t" + (index + 1));
            name.setWidth("90px");
            name.setId("cfg-target-name-" + index);
            virtualKey.setId("cfg-target-vk-" + index);
            virtualKey.setItems(virtualKeys);
            virtualKey.setItemLabelGenerator(v -> v.name() + " (" + v.provider() + ")");
            model.setId("cfg-target-model-" + index);
            model.setPlaceholder("as requested");
            weight.setId("cfg-target-weight-" + index);
            weight.setValue(1.0);
            weight.setMin(0);
            weight.setWidth("90px");
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                targets.remove(this);
                targetBox.remove(this);
                formChanged();
            });
            remove.setAriaLabel("Remove target");
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            add(name, virtualKey, model, weight, remove);
            setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            name.addValueChangeListener(e -> formChanged());
            virtualKey.addValueChangeListener(e -> formChanged());
            model.setValueChangeMode(ValueChangeMode.LAZY);
            model.addValueChangeListener(e -> formChanged());
            weight.addValueChangeListener(e -> formChanged());
        }
    }

    /** A conditional rule row: metadata key equals value, then a target. */
    final class RuleRow extends HorizontalLayout {
        final TextField key = new TextField("Metadata key");
        final TextField value = new TextField("equals");
        final TextField then = new TextField("then target");

        RuleRow(int index) {
            key.setId("cfg-rule-key-" + index);
            value.setId("cfg-rule-value-" + index);
            then.setId("cfg-rule-then-" + index);
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                rules.remove(this);
                ruleBox.remove(this);
                formChanged();
            });
            remove.setAriaLabel("Remove rule");
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            add(key, value, then, remove);
            setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            for (TextField f : new TextField[] {key, value, then}) {
                f.setValueChangeMode(ValueChangeMode.LAZY);
                f.addValueChangeListener(e -> formChanged());
            }
        }
    }

    private final GovernedRoutingConfigs configs;
    private final ConfigValidator validator;
    private final ConfigTester tester;
    private final CurrentUser user;
    private final VirtualKeyService virtualKeyService;
    private final WorkspaceContext workspaces;
    private final ConfigWarnings warnings;
    private final ObjectMapper json = new ObjectMapper();

    private String configId;
    private String workspaceId;
    private boolean canWrite;
    private List<VirtualKeyView> virtualKeys = List.of();
    private boolean updatingFromForm;
    /** Bumped on every JSON change: a test result for an older JSON is dropped. */
    private int testGeneration;
    private final Button test = new Button("Test this config", VaadinIcon.PLAY.create());
    /** Test requests wait on a provider: never on the UI thread (it would freeze the session). */
    private static final java.util.concurrent.ExecutorService TESTS =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private static final int POLL_MILLIS = 300;

    private final TextField id = new TextField("Id");
    private final TextField name = new TextField("Name");
    private final Select<Mode> mode = new Select<>();
    private final List<TargetRow> targets = new ArrayList<>();
    private final VerticalLayout targetBox = new VerticalLayout();
    private final List<RuleRow> rules = new ArrayList<>();
    private final VerticalLayout ruleBox = new VerticalLayout();
    private final TextField defaultTarget = new TextField("Otherwise target");
    private final VerticalLayout conditionalBox = new VerticalLayout();
    private final Span formNote = new Span();
    private final TextArea jsonEditor = new TextArea("Config JSON");
    private final Span validation = new Span();
    private final TextField comment = new TextField("Change comment");
    private final Button save = new Button("Save new version");
    private final Grid<RoutingConfigVersion> history = new Grid<>();
    private final Pre diff = new Pre();
    private final Button rollback = new Button("Roll back to this version");
    private final VerticalLayout testResult = new VerticalLayout();
    private final TextField testModel = new TextField("Test model");

    public ConfigEditorView(GovernedRoutingConfigs configs, ConfigValidator validator, ConfigTester tester,
                            CurrentUser user, VirtualKeyService virtualKeyService, WorkspaceContext workspaces,
                            ConfigWarnings warnings) {
        this.warnings = warnings;
        this.configs = configs;
        this.validator = validator;
        this.tester = tester;
        this.user = user;
        this.virtualKeyService = virtualKeyService;
        this.workspaces = workspaces;
        setId("config-editor-view");
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String parameter) {
        configId = parameter;
        removeAll();
        RoutingConfigService.Active active = null;
        if (configId != null) {
            active = configs.get(user.actor(), configId);
            workspaceId = active.config().getWorkspaceId();
        } else {
            workspaceId = workspaces.currentId();
        }
        String vkWorkspace = workspaceId != null ? workspaceId : workspaces.currentId();
        virtualKeys = vkWorkspace == null ? List.of() : virtualKeyService.list(user.actor(), vkWorkspace);
        canWrite = workspaceId == null ? user.orgAdmin() : configs.canWrite(user.actor(), workspaceId);
        build(active);
    }

    private void build(RoutingConfigService.Active active) {
        add(new H2(active == null ? "New routing config" : "Routing config " + active.config().getId()));
        id.setId("cfg-id");
        id.setHelperText("Clients send it in x-gateway-config");
        name.setId("cfg-name");
        if (active != null) {
            id.setValue(active.config().getId());
            id.setReadOnly(true);
            name.setValue(active.config().getName());
            name.setReadOnly(true);
        }
        HorizontalLayout head = new HorizontalLayout(id, name);

        mode.setId("cfg-mode");
        mode.setLabel("Routing");
        mode.setItems(Mode.values());
        mode.setItemLabelGenerator(m -> m.label);
        mode.setValue(Mode.FALLBACK);
        mode.addValueChangeListener(e -> {
            conditionalBox.setVisible(e.getValue() == Mode.CONDITIONAL);
            targets.forEach(t -> t.weight.setVisible(e.getValue() == Mode.LOADBALANCE));
            formChanged();
        });
        targetBox.setPadding(false);
        targetBox.setSpacing(false);
        Button addTarget = new Button("Add target", VaadinIcon.PLUS.create(), e -> addTarget());
        addTarget.setId("cfg-add-target");
        ruleBox.setPadding(false);
        ruleBox.setSpacing(false);
        Button addRule = new Button("Add rule", VaadinIcon.PLUS.create(), e -> addRule());
        addRule.setId("cfg-add-rule");
        defaultTarget.setId("cfg-default-target");
        defaultTarget.setValueChangeMode(ValueChangeMode.LAZY);
        defaultTarget.addValueChangeListener(e -> formChanged());
        conditionalBox.add(new H3("Rules (first match wins)"), ruleBox, addRule, defaultTarget);
        conditionalBox.setPadding(false);
        conditionalBox.setVisible(false);
        formNote.setId("cfg-form-note");
        formNote.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        VerticalLayout form = new VerticalLayout(mode, new H3("Targets, in order"), targetBox, addTarget,
                conditionalBox, formNote);
        form.setPadding(false);

        jsonEditor.setId("cfg-json");
        jsonEditor.setWidthFull();
        jsonEditor.setMinHeight("320px");
        jsonEditor.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        jsonEditor.setValueChangeMode(ValueChangeMode.LAZY);
        jsonEditor.setValueChangeTimeout(300);
        jsonEditor.addValueChangeListener(e -> {
            // a result shown for another JSON would pass for this one's: drop it (and one still running)
            testGeneration++;
            if (testResult.getComponentCount() > 0) {
                testResult.removeAll();
            }
            validate();
            if (e.isFromClient() && !updatingFromForm) {
                formNote.setText("The JSON was edited by hand: saving uses the JSON as it is.");
            }
        });
        validation.setId("cfg-validation");

        TabSheet tabs = new TabSheet();
        tabs.setWidthFull();
        tabs.add("Form", form).setId("cfg-tab-form");
        VerticalLayout jsonTab = new VerticalLayout(jsonEditor);
        jsonTab.setPadding(false);
        tabs.add("JSON", jsonTab).setId("cfg-tab-json");
        if (active != null) {
            tabs.add("History", historyTab()).setId("cfg-tab-history");
        }

        comment.setId("cfg-comment");
        comment.setWidth("320px");
        save.setId("cfg-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        test.addClickListener(e -> test());
        test.setId("cfg-test");
        testModel.setId("cfg-test-model");
        testModel.setValue("gpt-4o-mini");
        testModel.setWidth("160px");
        Button back = new Button("Back to list", e -> getUI().ifPresent(ui -> ui.navigate(ConfigsView.class)));
        HorizontalLayout actions = new HorizontalLayout(comment, save, testModel, test, back);
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        testResult.setId("cfg-test-result");
        testResult.setPadding(false);
        add(head, tabs, validation, actions, testResult);

        for (var c : new com.vaadin.flow.component.HasValue<?, ?>[] {id, name, mode, jsonEditor, comment,
                defaultTarget}) {
            c.setReadOnly(c.isReadOnly() || !canWrite);
        }
        save.setEnabled(canWrite);
        addTarget.setEnabled(canWrite);
        addRule.setEnabled(canWrite);
        if (!canWrite) {
            formNote.setText("Your role lets you see this config but not change it.");
        }

        if (active != null) {
            // inline provider keys are never shown again (as in the admin API); saving "[redacted]" keeps them
            jsonEditor.setValue(pretty(redacted(active.version().getBody())));
            if (!fillForm(active.version().getBody())) {
                formNote.setText("This config uses features the form does not cover: edit it as JSON.");
            }
        } else {
            addTarget();
            addTarget();
        }
        validate();
    }

    private void addTarget() {
        TargetRow row = new TargetRow(targets.size());
        row.weight.setVisible(mode.getValue() == Mode.LOADBALANCE);
        row.setEnabled(canWrite);
        targets.add(row);
        targetBox.add(row);
        formChanged();
    }

    private void addRule() {
        RuleRow row = new RuleRow(rules.size());
        row.setEnabled(canWrite);
        rules.add(row);
        ruleBox.add(row);
        formChanged();
    }

    /** Writes the form into the JSON editor. */
    private void formChanged() {
        if (!canWrite) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        Mode m = mode.getValue();
        if (m == null) {
            return;
        }
        if (m == Mode.SINGLE) {
            if (!targets.isEmpty()) {
                root = target(targets.get(0), false);
            }
        } else {
            ObjectNode strategy = root.putObject("strategy");
            strategy.put("mode", m.name().toLowerCase());
            if (m == Mode.CONDITIONAL) {
                ArrayNode conditions = strategy.putArray("conditions");
                for (RuleRow r : rules) {
                    ObjectNode c = conditions.addObject();
                    c.putObject("query").putObject("metadata." + r.key.getValue().trim())
                            .put("$eq", r.value.getValue());
                    c.put("then", r.then.getValue().trim());
                }
                if (!defaultTarget.getValue().isBlank()) {
                    strategy.put("default", defaultTarget.getValue().trim());
                }
            }
            ArrayNode list = root.putArray("targets");
            for (TargetRow t : targets) {
                list.add(target(t, true));
            }
        }
        updatingFromForm = true;
        try {
            jsonEditor.setValue(pretty(root.toString()));
        } finally {
            updatingFromForm = false;
        }
        formNote.setText("");
    }

    private ObjectNode target(TargetRow t, boolean inList) {
        ObjectNode n = json.createObjectNode();
        if (inList && !t.name.getValue().isBlank()) {
            n.put("name", t.name.getValue().trim());
        }
        if (t.virtualKey.getValue() != null) {
            n.put("virtual_key", t.virtualKey.getValue().id());
        }
        if (!t.model.getValue().isBlank()) {
            n.putObject("override_params").put("model", t.model.getValue().trim());
        }
        if (inList && mode.getValue() == Mode.LOADBALANCE && t.weight.getValue() != null) {
            n.put("weight", t.weight.getValue());
        }
        return n;
    }

    /** Reads a stored config into the form when it has one of the shapes the form writes. */
    private boolean fillForm(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (Exception e) {
            return false;
        }
        JsonNode list = root.get("targets");
        Mode m;
        List<JsonNode> items = new ArrayList<>();
        if (list == null) {
            m = Mode.SINGLE;
            items.add(root);
        } else {
            String s = root.path("strategy").path("mode").asText("");
            try {
                m = Mode.valueOf(s.toUpperCase());
            } catch (IllegalArgumentException e) {
                return false;
            }
            list.forEach(items::add);
        }
        for (JsonNode t : items) {
            for (Iterator<String> f = t.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!List.of("name", "virtual_key", "override_params", "weight").contains(field)) {
                    return false;
                }
            }
            if (t.has("override_params") && (t.get("override_params").size() != 1
                    || !t.get("override_params").has("model"))) {
                return false;
            }
        }
        updatingFromForm = true;
        boolean wasWritable = canWrite;
        canWrite = false; // no JSON rewrite while filling
        try {
            mode.setValue(m);
            for (int i = 0; i < items.size(); i++) {
                JsonNode t = items.get(i);
                TargetRow row = new TargetRow(i);
                row.setEnabled(wasWritable);
                row.weight.setVisible(m == Mode.LOADBALANCE);
                if (t.has("name")) {
                    row.name.setValue(t.get("name").asText());
                }
                String vk = t.path("virtual_key").asText(null);
                virtualKeys.stream().filter(v -> v.id().equals(vk)).findFirst().ifPresent(row.virtualKey::setValue);
                row.model.setValue(t.path("override_params").path("model").asText(""));
                if (t.has("weight")) {
                    row.weight.setValue(t.get("weight").asDouble());
                }
                targets.add(row);
                targetBox.add(row);
            }
            if (m == Mode.CONDITIONAL) {
                JsonNode conditions = root.path("strategy").path("conditions");
                int i = 0;
                for (JsonNode c : conditions) {
                    JsonNode q = c.path("query");
                    if (q.size() != 1 || !q.fieldNames().next().startsWith("metadata.")) {
                        return false;
                    }
                    String key = q.fieldNames().next();
                    RuleRow row = new RuleRow(i++);
                    row.setEnabled(wasWritable);
                    row.key.setValue(key.substring("metadata.".length()));
                    row.value.setValue(q.get(key).path("$eq").asText(""));
                    row.then.setValue(c.path("then").asText(""));
                    rules.add(row);
                    ruleBox.add(row);
                }
                defaultTarget.setValue(root.path("strategy").path("default").asText(""));
            }
        } finally {
            canWrite = wasWritable;
            updatingFromForm = false;
        }
        return true;
    }

    private boolean validate() {
        List<String> errors = validator.validate(jsonEditor.getValue());
        if (errors.isEmpty()) {
            jsonEditor.setInvalid(false);
            // unknown virtual keys: saved all the same (the key may come next), but requests are refused until then
            List<ConfigWarnings.Warning> unknown = warnings.of(jsonEditor.getValue(), workspaceId);
            if (unknown.isEmpty()) {
                validation.setText("✓ valid config");
                validation.getStyle().set("color", "var(--lumo-success-text-color)");
            } else {
                validation.setText("⚠ valid config, but " + unknown.stream()
                        .map(w -> w.field() + ": " + w.message()).collect(java.util.stream.Collectors.joining("; ")));
                validation.getStyle().set("color", "var(--lumo-warning-text-color, #a35f00)");
            }
            return true;
        }
        jsonEditor.setErrorMessage(String.join("; ", errors));
        jsonEditor.setInvalid(true);
        validation.setText("✗ " + errors.size() + (errors.size() == 1 ? " problem" : " problems"));
        validation.getStyle().set("color", "var(--lumo-error-text-color)");
        return false;
    }

    private void save() {
        boolean ok = validate();
        if (configId == null && id.getValue().isBlank()) {
            id.setErrorMessage("Give the config an id");
            id.setInvalid(true);
            return;
        }
        if (!ok) {
            return;
        }
        Forms errors = new Forms().field("id", id).field("config", jsonEditor).field("version", comment);
        RoutingConfigService.Active saved = errors.save(() -> configId == null
                ? configs.create(user.actor(), workspaceId, id.getValue().trim(), name.getValue(), compact())
                : configs.update(user.actor(), configId, compact(), comment.getValue().isBlank() ? null
                        : comment.getValue().trim()));
        if (saved != null) {
            Forms.success("Saved " + saved.config().getId() + " version " + saved.version().getVersion());
            // a fresh editor for the saved config (a view instance is reused on same-route navigation)
            getUI().ifPresent(ui -> ui.getPage().setLocation("configs/edit/" + saved.config().getId()));
        }
    }

    private String compact() {
        try {
            return json.readTree(jsonEditor.getValue()).toString();
        } catch (Exception e) {
            return jsonEditor.getValue();
        }
    }

    private VerticalLayout historyTab() {
        history.setId("cfg-versions");
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        RoutingConfigService.Active active = configs.get(user.actor(), configId);
        int current = active.version().getVersion();
        history.addColumn(v -> "v" + v.getVersion() + (v.getVersion() == current ? " (active)" : ""))
                .setHeader("Version").setAutoWidth(true);
        history.addColumn(v -> Format.time(v.getCreatedAt())).setHeader("Saved").setAutoWidth(true);
        history.addColumn(v -> Format.text(v.getCreatedBy())).setHeader("By").setAutoWidth(true);
        history.addColumn(v -> Format.text(v.getComment())).setHeader("Comment").setAutoWidth(true);
        history.setItems(configs.versions(user.actor(), configId));
        history.setAllRowsVisible(true);
        diff.setId("cfg-diff");
        diff.getStyle().set("font-size", "var(--lumo-font-size-s)").set("white-space", "pre-wrap");
        rollback.setId("cfg-rollback");
        rollback.setEnabled(false);
        rollback.addThemeVariants(ButtonVariant.LUMO_ERROR);
        history.asSingleSelect().addValueChangeListener(e -> {
            RoutingConfigVersion v = e.getValue();
            if (v == null) {
                diff.setText("");
                rollback.setEnabled(false);
                return;
            }
            diff.setText(LineDiff.render(pretty(redacted(active.version().getBody())), pretty(redacted(v.getBody())),
                    "v" + current + " (active)", "v" + v.getVersion()));
            rollback.setEnabled(canWrite && v.getVersion() != current);
        });
        rollback.addClickListener(e -> {
            RoutingConfigVersion v = history.asSingleSelect().getValue();
            if (v != null) {
                Dialogs.confirm("Roll back to v" + v.getVersion() + "?", "The next request uses v" + v.getVersion()
                        + ". The current version stays in the history.", "Roll back", () -> {
                            if (Forms.attempt(() -> configs.rollback(user.actor(), configId, v.getVersion()))) {
                                Forms.success("Rolled back to v" + v.getVersion());
                                getUI().ifPresent(ui -> ui.getPage().reload());
                            }
                        });
            }
        });
        Span hint = new Span("Select a version to see how it differs from the active one.");
        hint.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        VerticalLayout tab = new VerticalLayout(history, hint, rollback, diff);
        tab.setPadding(false);
        return tab;
    }

    private void test() {
        testResult.removeAll();
        if (!validate()) {
            return;
        }
        String config;
        try {
            config = withStoredKeys(jsonEditor.getValue());
        } catch (IllegalArgumentException e) {
            testResult.add(summary("✗ " + e.getMessage(), false));
            return;
        }
        String ws = workspaceId != null ? workspaceId : workspaces.currentId();
        String model = testModel.getValue().isBlank() ? "gpt-4o-mini" : testModel.getValue().trim();
        int generation = testGeneration;
        com.vaadin.flow.component.UI ui = com.vaadin.flow.component.UI.getCurrent();
        Span running = new Span("Testing…");
        running.setId("cfg-test-running");
        testResult.add(running);
        test.setEnabled(false);
        ui.setPollInterval(POLL_MILLIS); // no server push: the browser polls for the result
        java.util.concurrent.CompletableFuture.supplyAsync(() -> tester.test(config, ws, model,
                "Say hello from the llmgate console test."), TESTS).whenComplete((r, failure) -> ui.access(() -> {
                    ui.setPollInterval(-1);
                    test.setEnabled(true);
                    if (generation != testGeneration) {
                        return; // the JSON changed meanwhile
                    }
                    testResult.removeAll();
                    if (failure != null) {
                        testResult.add(summary("✗ the test could not run: " + failure.getMessage(), false));
                    } else {
                        showResult(r);
                    }
                }));
    }

    private static Span summary(String text, boolean ok) {
        Span summary = new Span(text);
        summary.setId("cfg-test-summary");
        summary.getStyle().set("color", ok ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
        return summary;
    }

    private void showResult(ConfigTester.Result r) {
        testResult.add(summary(r.status() == 200
                ? "✓ " + r.answeredBy() + " answered (" + r.provider() + ") in " + r.millis() + " ms"
                : "✗ failed with " + r.status() + ": " + r.error(), r.status() == 200));
        if (r.content() != null) {
            Div answer = new Div(new Span("Answer: " + r.content()));
            answer.addClassNames(LumoUtility.FontSize.SMALL);
            testResult.add(answer);
        }
        Grid<Attempt> attempts = new Grid<>();
        attempts.addThemeVariants(GridVariant.LUMO_COMPACT);
        attempts.addColumn(Attempt::index).setHeader("#").setAutoWidth(true);
        attempts.addColumn(Attempt::optionPath).setHeader("Target").setAutoWidth(true);
        attempts.addColumn(Attempt::provider).setHeader("Provider").setAutoWidth(true);
        attempts.addComponentColumn(a -> Cells.flagged(String.valueOf(a.status()), a.errorMessage() != null))
                .setHeader("Status").setAutoWidth(true);
        attempts.addColumn(a -> a.outcome().name()).setHeader("Outcome").setAutoWidth(true);
        attempts.addColumn(a -> Format.ms(a.latencyNanos() / 1e6)).setHeader("Latency").setAutoWidth(true);
        attempts.addColumn(a -> Format.text(a.errorMessage())).setHeader("Error").setAutoWidth(true);
        attempts.setItems(r.attempts());
        attempts.setAllRowsVisible(true);
        testResult.add(attempts);
    }

    /** The stored config's keys where the editor says "[redacted]", so a test uses them (they stay server-side). */
    private String withStoredKeys(String text) {
        try {
            JsonNode stored = configId == null ? null : json.readTree(configs.get(user.actor(), configId).version()
                    .getBody());
            return ConfigSecrets.restore(json.readTree(text), stored).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return text; // the validator has reported it
        }
    }

    private String redacted(String body) {
        try {
            return ConfigSecrets.redact(json.readTree(body)).toString();
        } catch (Exception e) {
            return body;
        }
    }

    private String pretty(String text) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(text));
        } catch (Exception e) {
            return text;
        }
    }

    static Map<String, String> unused() {
        return Map.of();
    }
}
