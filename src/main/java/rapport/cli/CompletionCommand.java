package rapport.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rapport completion}: a bash/zsh completion script for every command, from picocli's generator. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints a bash/zsh completion script. Load it in the current shell with: source <(rapport completion);"
                + " or keep it: rapport completion > ~/.local/share/bash-completion/completions/rapport")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The line that ran this registered only this command (see Main): the script needs them all.
        // Hidden ones (warm-up) are left out by the generator.
        CommandLine full = new CommandLine(new RapportCommand());
        RapportCommand.COMMANDS.forEach((name, command) -> full.addSubcommand(name, command.get()));
        spec.commandLine().getOut().print(AutoComplete.bash("rapport", full));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
