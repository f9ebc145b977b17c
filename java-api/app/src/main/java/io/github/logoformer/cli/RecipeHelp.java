package io.github.logoformer.cli;

import io.github.logoformer.train.Recipe;
import io.github.logoformer.train.RecipeSetting;
import java.util.Locale;

/** The recipes' settings as the footer of {@code lf train --help} and {@code lf cv --help}. */
final class RecipeHelp {
    private RecipeHelp() {}

    static String footer() {
        StringBuilder text = new StringBuilder("%nRecipes (--recipe NAME; any explicit option above overrides its value;"
                + " the reasons: README, Recipes):%n");
        for (Recipe recipe : Recipe.values()) {
            text.append("%n  ").append(recipe.id()).append("%n");
            for (RecipeSetting s : recipe.settings()) {
                text.append(String.format(Locale.ROOT, "    %-18s %-40s %s", s.name(), s.value().replace("%", "%%"),
                        s.source().label())).append("%n");
            }
        }
        return text.toString();
    }
}
