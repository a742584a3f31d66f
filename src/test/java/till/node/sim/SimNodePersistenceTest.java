package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.node.InvoiceDescription;
import till.node.cln.ClnCreatedInvoice;
import till.node.cln.ClnInvoice;
import till.node.cln.ClnRestClient;
import till.node.cln.SimLightning;

/** The simulated node's key and invoices survive restarts, including a crash in the middle of a journal line. */
class SimNodePersistenceTest {
    @TempDir
    Path dir;

    private static ClnRestClient client(SimNode node) {
        return new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "rune", null, false));
    }

    @Test
    void invoicesKeyAndPayIndexSurviveARestart() {
        String nodeId;
        ClnCreatedInvoice first;
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            nodeId = node.nodeId();
            first = client.createInvoice(1_000, "one", InvoiceDescription.shown("first"), 600);
            node.pay(first.paymentHash(), null);
        }
        assertEquals("rw-------", permissions(dir.resolve(SimNodeKey.FILE_NAME)));

        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals(nodeId, node.nodeId());
            ClnInvoice paid = SimLightning.invoiceByLabel(client, "one").orElseThrow();
            assertEquals("paid", paid.status());
            assertEquals(1L, paid.payIndex());
            assertThrows(IllegalStateException.class, () -> node.pay(first.paymentHash(), null));

            ClnCreatedInvoice second = client.createInvoice(2_000, "two", InvoiceDescription.shown("second"), 600);
            assertEquals(2, second.createdIndex());
            assertEquals(2L, node.pay(second.paymentHash(), null).payIndex());
            assertEquals("two", client.waitAnyInvoice(1, 5).orElseThrow().label());
        }
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        ClnCreatedInvoice kept;
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            kept = client.createInvoice(1_000, "kept", InvoiceDescription.shown("kept"), 600);
        }
        Path journal = dir.resolve(SimJournal.FILE_NAME);
        Files.writeString(journal, "{\"event\":\"invoice_created\",\"label\":\"tor", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals(kept.paymentHash(), SimLightning.invoiceByLabel(client, "kept").orElseThrow().paymentHash());
            // The next event starts on a clean line and is replayed after another restart.
            node.pay(kept.paymentHash(), null);
        }
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals("paid", SimLightning.invoiceByLabel(client, "kept").orElseThrow().status());
        }
    }

    @Test
    void manyInvoicesStayCheapToJournalAndReplay() {
        int count = 2_000;
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            for (int i = 0; i < count; i++) {
                client.createInvoice(1_000 + i, "bulk-" + i, InvoiceDescription.shown("bulk"), 600);
            }
        }
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals(count + 1, client.createInvoice(1, "after", InvoiceDescription.shown("after"), 60).createdIndex());
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
