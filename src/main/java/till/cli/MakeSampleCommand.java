package till.cli;

import java.nio.file.Path;
import java.util.Set;

/** {@code make-sample FILE}: the sample database a newcomer can look around in (see {@link SampleMaker}). */
final class MakeSampleCommand {
    private MakeSampleCommand() {}

    static Command makeSample() {
        return new Command("make-sample", "write a small sample database (invoices.mv.db) to look around in",
                """
                Usage: java -jar till.jar make-sample FILE
                Starts a Till with the simulated node on a temporary directory, drives it like a few shops would
                (accounts, terminals, invoices paid, unpaid and expired, webhooks delivered, pending and failed, a
                charge), stops it and writes its compacted database to FILE. To look around in it:
                  mkdir demo && cp FILE demo/invoices.mv.db && TILL_DATA_DIR=demo ./run.sh
                """, Set.of(), MakeSampleCommand::run);
    }

    private static int run(Options options, CliContext context) throws Exception {
        Path target = Path.of(options.single("FILE")).toAbsolutePath();
        SampleMaker.Summary summary = SampleMaker.make(target, context.till());
        context.out().println("Sample database written to " + target + ": " + summary);
        return 0;
    }
}
