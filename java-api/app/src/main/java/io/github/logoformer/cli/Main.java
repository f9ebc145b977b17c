package io.github.logoformer.cli;

import io.github.logoformer.data.DatasetException;
import io.github.logoformer.dist.DistributedException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command-line entry point: {@code ./lf train | eval | predict | explain | tsne | cv | export | synth [options]}. */
@Command(name = "lf", mixinStandardHelpOptions = true,
        description = "Train, evaluate and run LOGO-Former / STT for dynamic facial expression recognition.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ExplainCommand.class, TsneCommand.class,
                CvCommand.class, ExportCommand.class, SynthCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (String name : new String[] {"train", "cv"}) {
            cli.getSubcommands().get(name).getCommandSpec().usageMessage().footer(RecipeHelp.footer());
        }
        // Bad input (data sets, options, checkpoints) is reported in one line; anything else with its stack.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof DatasetException || e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
                command.getErr().println("lf " + command.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof DistributedException) {  // a data-parallel job stopped; the message names the cause
                command.getErr().println("lf " + command.getCommandName() + ": " + e.getMessage());
                return 3;
            }
            throw e;
        });
        return cli;
    }
}
