package till.node.cln;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import till.node.Cancellation;
import till.node.IncomingPayments;
import till.node.InvoiceDescription;
import till.node.IssuedInvoice;
import till.node.LightningNode;
import till.node.NodeChannel;
import till.node.NodeInfo;
import till.node.NodeInvoice;
import till.node.NodePayment;
import till.node.NodeWallet;
import till.node.Outpoint;
import till.node.WalletOutput;

/**
 * Core Lightning as Till's {@link LightningNode} and {@link NodeWallet}, over its REST plugin. Till's invoice {@code <id>} is the node's
 * label {@code till-<id>}, which keeps other applications' invoices on the same node apart.
 */
public final class ClnNode implements LightningNode, NodeWallet {
    static final String LABEL_PREFIX = "till-";

    private final ClnRestClient client;

    /** Takes over the client: closing this node closes it. */
    public ClnNode(ClnRestClient client) {
        this.client = client;
    }

    @Override
    public NodeInfo info() {
        return client.getInfo();
    }

    @Override
    public IssuedInvoice issueInvoice(String invoiceId, long amountMsat, InvoiceDescription description, long expirySeconds) {
        String label = LABEL_PREFIX + invoiceId;
        ClnCreatedInvoice created = client.createInvoice(amountMsat, label, description, expirySeconds);
        return new IssuedInvoice(created.paymentHash(), created.bolt11(), Instant.ofEpochSecond(created.expiresAt()), label);
    }

    @Override
    public Optional<NodeInvoice> findInvoice(String paymentHash) {
        return client.findInvoiceByPaymentHash(paymentHash).map(ClnMapping::invoice);
    }

    @Override
    public Cancellation cancelUnpaid(String reference) {
        try {
            client.deleteUnpaidInvoice(reference);
            return Cancellation.CANCELLED;
        } catch (ClnRpcException e) {
            return ClnMapping.cancellation(e).orElseThrow(() -> e);
        }
    }

    @Override
    public IncomingPayments incomingPayments(int pollSeconds) {
        return new ClnIncomingPayments(client, pollSeconds);
    }

    @Override
    public NodePayment pay(String bolt11, Long amountMsat, long maxFeeMsat, int retryForSeconds) {
        try {
            return ClnMapping.payment(client.pay(bolt11, amountMsat, maxFeeMsat, retryForSeconds));
        } catch (ClnRpcException e) {
            throw ClnMapping.payError(e);
        }
    }

    @Override
    public List<NodePayment> outgoingPayments(String paymentHash) {
        return client.listPays(paymentHash).stream().map(ClnMapping::payment).toList();
    }

    @Override
    public List<NodeChannel> channels() {
        return client.listChannels().stream().map(ClnMapping::channel).toList();
    }

    @Override
    public String newAddress() {
        return client.newAddress();
    }

    @Override
    public int blockHeight() {
        return (int) client.getInfo().blockheight();
    }

    @Override
    public int awaitBlockHeight(int height, int timeoutSeconds) {
        return client.waitBlockHeight(height, timeoutSeconds);
    }

    @Override
    public List<WalletOutput> outputs(boolean includeSpent) {
        return client.listFunds(includeSpent).stream().map(ClnMapping::walletOutput).toList();
    }

    @Override
    public String sweep(String destination, List<Outpoint> outputs) {
        try {
            return client.withdrawAll(destination, outputs.stream().map(Outpoint::toString).toList()).txid();
        } catch (ClnRpcException e) {
            throw ClnMapping.sweepRefusal(e).orElseThrow(() -> e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** A mined spender before one only broadcast (a replaced broadcast may linger in the list). */
    @Override
    public Optional<String> spender(List<Outpoint> outputs) {
        Set<String> wanted = outputs.stream().map(Outpoint::toString).collect(Collectors.toSet());
        return client.listTransactions().stream()
                .filter(t -> t.spends().stream().anyMatch(wanted::contains))
                .min((a, b) -> Boolean.compare(a.blockHeight() == 0, b.blockHeight() == 0))
                .map(ClnTransaction::hash);
    }

    @Override
    public boolean free(List<Outpoint> outputs) {
        Map<String, ClnFund> funds = client.listFunds(true).stream()
                .collect(Collectors.toMap(f -> f.txid() + ":" + f.output(), Function.identity(), (a, b) -> a));
        return outputs.stream().map(o -> funds.get(o.toString()))
                .allMatch(f -> f != null && !f.reserved()
                        && ClnMapping.outputState(f.status()) != WalletOutput.State.SPENT);
    }
}
