package io.github.logoformer.cli;

import io.github.logoformer.train.Recipe;
import picocli.CommandLine.Option;

/** {@code --recipe NAME}: a paper's model and training as the base that explicit options override. */
final class RecipeOption {
    @Option(names = "--recipe", paramLabel = "NAME",
            description = "A paper's setup as the starting point: logoformer-paper or stt-paper (each setting and whether "
                    + "it is the paper's or ours: below). Explicit model and training options override its values.")
    String recipe;

    /** The chosen recipe, or null when none was named. */
    Recipe chosen() {
        return recipe == null ? null : NamedChoice.of("--recipe", Recipe.values(), Recipe::id, recipe);
    }
}
