package io.github.logoformer.data;

import java.util.Locale;

/**
 * The eleven single-expression classes of MAFW, in the label order of its release (1 anger ... 11
 * disappointment). A model's class index is the ordinal; the lists name classes by {@link #listName()}.
 */
public enum MafwExpression {
    ANGER, DISGUST, FEAR, HAPPINESS, NEUTRAL, SADNESS, SURPRISE, CONTEMPT, ANXIETY, HELPLESSNESS, DISAPPOINTMENT;

    /** "anger", "disgust", ...: how MAFW's train.txt and test.txt write the class. */
    public String listName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Anger", "Disgust", ...: the names the reports use. */
    public String displayName() {
        String name = listName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The class a list names (any case), or null when it is none of the eleven. */
    public static MafwExpression ofListName(String name) {
        for (MafwExpression e : values()) {
            if (e.listName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }
}
