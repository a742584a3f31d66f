package till;

import static org.junit.jupiter.api.Assertions.fail;

/** A tool some tests need from the machine: without it they are skipped loudly, except under CI, where they fail. */
public final class RequiredTool {
    private RequiredTool() {}

    /** Prints {@code message} as a banner and answers false; under CI=true, fails with it instead. */
    public static boolean missing(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true: " + message);
        }
        String line = "!".repeat(100);
        System.err.println("\n" + line + "\n!!! SKIPPED: " + message + "\n" + line + "\n");
        return false;
    }
}
