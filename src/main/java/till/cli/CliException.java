package till.cli;

/** A command that cannot go on; its message is the one line the user sees. Exit code 2 for wrong usage, 1 otherwise. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(2, message);
    }

    static CliException failed(String message) {
        return new CliException(1, message);
    }
}
