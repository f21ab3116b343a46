package io.llmgate.console.ui;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;

/** Grid cells that stand out when they report a failure (Lumo utility classes: no stylesheet of our own). */
public final class Cells {

    private Cells() {
    }

    /** The text, in the error colour and semibold when {@code error}. */
    public static Span flagged(String text, boolean error) {
        Span s = new Span(text);
        if (error) {
            s.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontWeight.SEMIBOLD);
            s.getElement().setAttribute("data-error", "");
        }
        return s;
    }
}
