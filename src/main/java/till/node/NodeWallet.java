package till.node;

import java.util.List;
import java.util.Optional;

/**
 * The node's own on-chain wallet, in Till's words: addresses for charges, the outputs they received as the node's
 * view of the chain shows them, and refunds. A node that can pay on-chain implements it beside
 * {@link LightningNode} (Core Lightning: {@code newaddr}, {@code listfunds}, {@code getinfo}, {@code waitblockheight},
 * {@code withdraw}, {@code listtransactions}). Every method may throw {@link NodeUnreachableException} or {@link NodeRpcException}. Thread-safe.
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

    /**
     * The wallet's transaction, broadcast or mined, that spends any of {@code outputs}: how a {@link #sweep} whose
     * answer was lost is found again.
     */
    Optional<String> spender(List<Outpoint> outputs);

    /**
     * Whether every one of {@code outputs} is the wallet's, unspent and not reserved by a spend being made: then no
     * sweep of them happened and none is under way (the node reserves outputs before it signs and broadcasts).
     */
    boolean free(List<Outpoint> outputs);
}
