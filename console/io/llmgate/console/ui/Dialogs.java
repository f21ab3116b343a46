package io.llmgate.console.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;

/** Dialog shapes the console uses everywhere. */
public final class Dialogs {

    private Dialogs() {
    }

    /** A form dialog with Cancel and a primary save button of the given id (and the dialog id + "-dialog"). */
    public static Dialog form(String title, String saveId, Runnable save, Component... fields) {
        Dialog d = new Dialog();
        d.setHeaderTitle(title);
        d.setId(saveId.replace("-save", "") + "-dialog");
        FormLayout form = new FormLayout(fields);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("500px", 2));
        d.add(form);
        Button ok = new Button("Save", e -> save.run());
        ok.setId(saveId);
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> d.close());
        d.getFooter().add(cancel, ok);
        d.setWidth("640px");
        return d;
    }

    public static void confirm(String title, String text, String confirmText, Runnable action) {
        ConfirmDialog c = new ConfirmDialog(title, text, confirmText, e -> action.run());
        c.setCancelable(true);
        c.setConfirmButtonTheme("error primary");
        c.setId("confirm-dialog");
        c.open();
    }
}
