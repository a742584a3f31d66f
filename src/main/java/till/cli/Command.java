package till.cli;

import java.util.Set;

/**
 * One command line command: its words ({@code account create}), a line for the overview, its full help, the options
 * it knows and what it does.
 */
record Command(String name, String summary, String help, Set<String> options, Action action) {

    @FunctionalInterface
    interface Action {
        /** Returns the exit code. */
        int run(Options options, CliContext context) throws Exception;
    }
}
