package till.cli;

import java.time.Clock;
import till.config.Config;

/**
 * Starts a whole Till, for {@code make-sample}. {@code till.Till} hands it to {@link Cli#run}, so that the command line
 * drives the server without importing it (the server's main dispatches to the command line).
 */
@FunctionalInterface
public interface TillStarter {
    /** A Till that runs until closed. */
    interface Running extends AutoCloseable {
        String publicUrl();

        @Override
        void close();
    }

    Running start(Config config, Clock clock);
}
