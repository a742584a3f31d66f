package till.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import till.config.Config;

/**
 * Till's command line for shell users: {@code java -jar till.jar <command> ...}. The commands use the same settings
 * as the server (TILL_DATA_DIR and the rest), so they work on its data directory.
 */
public final class Cli {
    private Cli() {}

    static List<Command> commands() {
        List<Command> all = new ArrayList<>(AccountCommands.all());
        all.add(AdminKeyCommand.rotate());
        all.add(BackupCommand.backup());
        all.add(MigrateDbCommand.migrateDb());
        all.add(MakeSampleCommand.makeSample());
        return all;
    }

    /** Runs one command and returns its exit code: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, TillStarter till) {
        List<String> words = Arrays.asList(args);
        if (words.isEmpty() || List.of("--help", "-h", "help").contains(words.get(0))) {
            out.print(overview());
            return words.isEmpty() ? 2 : 0;
        }
        Command command = commands().stream().filter(c -> startsWith(words, c.name())).findFirst().orElse(null);
        if (command == null) {
            err.println("till: unknown command '" + String.join(" ", words) + "'");
            err.print(overview());
            return 2;
        }
        CliContext context = new CliContext(env, out, err, till);
        try {
            Options options = Options.parse(words.subList(command.name().split(" ").length, words.size()), command.options());
            if (options.help()) {
                out.print(command.help());
                return 0;
            }
            return command.action().run(options, context);
        } catch (CliException e) {
            err.println("till: " + e.getMessage());
            return e.exitCode;
        } catch (Config.Invalid e) {
            err.println("till: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("till: " + command.name() + " failed: " + e);
            return 1;
        }
    }

    private static boolean startsWith(List<String> words, String name) {
        List<String> parts = List.of(name.split(" "));
        return words.size() >= parts.size() && words.subList(0, parts.size()).equals(parts);
    }

    static String overview() {
        StringBuilder text = new StringBuilder("""
                Usage:
                  java -jar till.jar                       start Till (settings from environment variables, see README)
                  java -jar till.jar sim-node --port N --data DIR
                                                           run the simulated Core Lightning node on its own
                  java -jar till.jar bench [--help]        measure Till against a simulated node (see README)
                """);
        for (Command command : commands()) {
            text.append(String.format("  java -jar till.jar %-21s %s%n", command.name(), command.summary()));
        }
        text.append("""
                  java -jar till.jar --help                this text; COMMAND --help tells more about one command

                The commands work on Till's data directory (TILL_DATA_DIR, default ./data) while Till is stopped;
                backup also works while it runs. With TILL_DATABASE_URL they work on that PostgreSQL database,
                Till running or not.
                """);
        return text.toString();
    }
}
