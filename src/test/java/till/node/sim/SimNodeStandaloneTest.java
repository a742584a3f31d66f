package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line of {@code till sim-node}. */
class SimNodeStandaloneTest {
    @Test
    void helpPrintsUsageAndReturns() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SimNode.runStandalone(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Usage: till sim-node [--port N] [--peer-port N] [--data DIR]"));
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SimNode.runStandalone(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> SimNode.runStandalone(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> SimNode.runStandalone(new String[] {"--peer-port"}));
    }
}
