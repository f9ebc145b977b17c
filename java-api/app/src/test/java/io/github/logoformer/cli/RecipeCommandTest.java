package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.train.Recipe;
import io.github.logoformer.train.RecipeSetting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --recipe on the command line: the help lists every setting, runs take the recipe's values unless overridden. */
class RecipeCommandTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one in-process run. */
    private record Ran(int code, String out, String err) {}

    private static Ran execute(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code;
        PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintWriter help = new PrintWriter(captured);
        try {
            System.setOut(captured);  // the commands print to System.out, picocli's help to its own writer
            cli.setOut(help);
            code = cli.execute(args);
        } finally {
            help.flush();
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        saved.print(text);
        return new Ran(code, text, err.toString().strip());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) {
        return JsonFiles.read(file, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> json, String name) {
        return (Map<String, Object>) json.get(name);
    }

    @Test
    void trainAndCvHelpListEveryRecipesSettingsAsThePapersOrOurs() {
        for (String command : new String[] {"train", "cv"}) {
            String help = Main.commandLine().getSubcommands().get(command).getUsageMessage();  // what --help prints
            var lines = help.lines().map(String::stripTrailing).toList();
            for (Recipe recipe : Recipe.values()) {
                assertTrue(lines.contains("  " + recipe.id()), command + ": " + recipe.id());
                for (RecipeSetting s : recipe.settings()) {
                    String line = String.format("    %-18s %-40s %s", s.name(), s.value(), s.source().label());
                    assertTrue(lines.contains(line), command + " --help lacks '" + line.strip() + "':\n" + help);
                }
            }
            assertTrue(help.contains("Recipes (--recipe NAME; any explicit option above overrides its value;"), help);
        }
    }

    @Test
    void cvWithARecipeTrainsItsValuesExceptTheOptionsGiven() {
        Path data = dir.resolve("data"), out = dir.resolve("cv");
        assertEquals(0, execute("synth", "--out", data.toString(), "--clips-per-class", "5", "--min-frames", "4",
                "--max-frames", "6", "--size", "32", "--seed", "3").code());
        Ran cv = execute("cv", "--recipe", "stt-paper", "--dataset", "dfew", "--root", data.toString(), "--frames", "4",
                "--frame-size", "32", "--backbone-width", "8", "--dim", "32", "--heads", "2", "--blocks", "1",
                "--epochs", "1", "--batch-size", "8", "--out", out.toString());
        assertEquals(0, cv.code(), cv.err());
        assertTrue(cv.out().contains("recipe stt-paper: 4 frames of 32x32"), cv.out());

        Map<String, Object> checkpoint = json(out.resolve("fold-1").resolve("checkpoint.json"));
        Map<String, Object> config = field(checkpoint, "config"), options = field(checkpoint, "options");
        assertEquals("stt", checkpoint.get("kind"));
        assertEquals("divided_spatial_first", config.get("stt_attention"), "the recipe's attention");
        assertEquals(32, config.get("dim"), "given");
        assertEquals(4, config.get("mlp_ratio"), "the recipe's");
        assertEquals(1, options.get("epochs"), "given");
        assertEquals(8, options.get("batch_size"), "given");
        assertEquals(0.001, options.get("learning_rate"), "the recipe's");
        assertEquals(0, options.get("warmup_epochs"), "the recipe's");
        assertEquals("stt-paper", json(out.resolve("fold-3").resolve("test.json")).get("recipe"));
        assertEquals("stt-paper", json(out.resolve("cv.json")).get("recipe"));
    }

    @Test
    void conflictingOrUnknownChoicesAreOneLineNamingTheOption() {
        assertEquals(new Ran(2, "", "lf train: --recipe: expected one of logoformer-paper, stt-paper, got 'paper'"),
                execute("train", "--recipe", "paper"));
        assertEquals(new Ran(2, "", "lf train: --model: recipe logoformer-paper trains logoformer, got 'stt'; drop --model"
                + " or choose another recipe"), execute("train", "--recipe", "logoformer-paper", "--model", "stt"));
        assertEquals(new Ran(2, "", "lf train: --preset: recipe stt-paper sets the model's sizes; give one of --preset and"
                + " --recipe (size options override either)"), execute("train", "--recipe", "stt-paper", "--preset", "small"));
        assertEquals(new Ran(2, "", "lf train: --stt-attention: expected one of joint, divided-temporal-first,"
                + " divided-spatial-first, got 'both'"), execute("train", "--model", "stt", "--stt-attention", "both"));
    }
}
