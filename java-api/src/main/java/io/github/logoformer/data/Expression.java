package io.github.logoformer.data;

import java.util.Locale;

/**
 * The seven basic expressions of DFEW, in DFEW's label order: label 1 is {@link #HAPPY}, ..., 7 is
 * {@link #FEAR}. A model's class index is the ordinal (DFEW label - 1).
 */
public enum Expression {
    HAPPY, SAD, NEUTRAL, ANGRY, SURPRISE, DISGUST, FEAR;

    /** The label as DFEW's CSV files write it, 1 to 7. */
    public int dfewLabel() {
        return ordinal() + 1;
    }

    /** "Happy", "Sad", ...: the names FERV39K's lists and the reports use. */
    public String displayName() {
        String name = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The expression of a DFEW label, or null when the label is not 1 to 7. */
    public static Expression ofDfewLabel(int label) {
        return label >= 1 && label <= values().length ? values()[label - 1] : null;
    }
}
