package till.node;

import java.util.List;

/**
 * The node's own on-chain wallet, in Till's words: addresses for charges, the outputs they received as the node's
 * view of the chain shows them, and refunds. A node that can pay on-chain implements it beside
 * {@link LightningNode} (Core Lightning: {@code newaddr}, {@code listfunds}, {@code getinfo}, {@code waitblockheight},
 * {@code withdraw}). Every method may throw {@link NodeUnreachableException} or {@link NodeRpcException}. Thread-safe.
 */
public interface NodeWallet {

    /** A new bech32 address of the node's wallet, never handed out before. */
    String newAddress();

    /** The height of the node's best block. */
    int blockHeight();

    /**
     * Waits until the node's best block is at least {@code height}, at most {@code timeoutSeconds}; answers the height
     * then (below {@code height} when the time ran out).
     */
    int awaitBlockHeight(int height, int timeoutSeconds);

    /**
     * The wallet's outputs as the node sees them now: unspent ones, and with {@code includeSpent} the spent ones too.
     * The node only lists an output once it was mined; one that was mined and then left the chain (a reorg) stays
     * listed as {@link WalletOutput.State#UNCONFIRMED}.
     */
    List<WalletOutput> outputs(boolean includeSpent);

    /**
     * Sends exactly {@code outputs}, all of them, minus the network fee, to {@code destination}, and answers the
     * broadcast transaction's id.
     *
     * @throws SweepRefusedException the node would not (see its {@link SweepRefusedException#reason()})
     */
    String sweep(String destination, List<Outpoint> outputs);
}
