package io.github.logoformer.train;

import java.math.BigDecimal;

/**
 * One setting of a {@link Recipe}: its name, the value the recipe uses, whether the paper states it or the
 * choice is ours, and why (for our choices) or where the paper says it.
 */
public record RecipeSetting(String name, String value, Source source, String note) {
    /** Who chose the value. */
    public enum Source {
        PAPER, OURS;

        /** "paper" or "ours", as help texts and the README print it. */
        public String label() {
            return this == PAPER ? "paper" : "ours";
        }
    }

    public RecipeSetting {
        if (name == null || name.isBlank() || value == null || value.isBlank() || source == null || note == null) {
            throw new IllegalArgumentException("RecipeSetting: name, value, source and note must be given, got "
                    + name + ", " + value + ", " + source + ", " + note);
        }
    }

    static RecipeSetting paper(String name, Object value, String note) {
        return new RecipeSetting(name, text(value), Source.PAPER, note);
    }

    static RecipeSetting ours(String name, Object value, String note) {
        return new RecipeSetting(name, text(value), Source.OURS, note);
    }

    /** Numbers as plain decimals (0.0005, not 5.0E-4), anything else as its string. */
    private static String text(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }
}
