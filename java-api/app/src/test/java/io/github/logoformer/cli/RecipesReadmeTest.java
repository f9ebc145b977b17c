package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.train.Recipe;
import io.github.logoformer.train.RecipeSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's recipe tables are the recipes' settings: a changed value or reason fails until the README follows. */
class RecipesReadmeTest {
    /** The repository's README, from this module's folder (java-api/app). */
    private static final Path README = Path.of("..", "..", "README.md");

    @Test
    void readmeTablesListEverySettingOfEveryRecipeWithItsSourceAndReason() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (Recipe recipe : Recipe.values()) {
            int start = readme.indexOf("\n**" + recipe.id() + "**");
            assertTrue(start >= 0, "README has no table headed **" + recipe.id() + "**");
            int end = readme.indexOf("\n\n**", start + 1);
            String table = readme.substring(start, end < 0 ? readme.length() : end + 1);
            for (RecipeSetting s : recipe.settings()) {
                String row = "| " + s.name() + " | " + s.value() + " | " + s.source().label() + " | " + s.note() + " |\n";
                assertTrue(table.contains(row), "README's " + recipe.id() + " table lacks the row\n" + row);
            }
        }
    }
}
