package till.refund;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.exceptions.AddressFormatException;
import till.bolt11.Network;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * Checks a refund address before the node is asked to send anything: a bitcoin address (bech32, bech32m or base58)
 * of the node's own network. Money sent to another network's address would be lost, so this is refused with its own
 * code rather than left to the node.
 */
final class RefundAddresses {
    static final String FIELD = "address";

    private final Supplier<Network> nodeNetwork;
    private final AtomicReference<Network> known = new AtomicReference<>();

    /** {@code nodeNetwork}: asked once, when the first address is checked (the node may be down when Till starts). */
    RefundAddresses(Supplier<Network> nodeNetwork) {
        this.nodeNetwork = nodeNetwork;
    }

    private Network network() {
        Network network = known.get();
        if (network == null) {
            network = nodeNetwork.get();
            known.compareAndSet(null, network);
        }
        return network;
    }

    /** The address as the node will be given it; throws a 400 {@link Problem} otherwise. */
    String check(String address) {
        Network network = network();
        try {
            AddressParser.getDefault(network.onchain()).parseAddress(address);
            return address;
        } catch (AddressFormatException notOfThisNetwork) {
            // Base58 addresses do not tell testnet, signet and regtest apart: those parse above for any of the three.
            Address other;
            try {
                other = AddressParser.getDefault().parseAddress(address);
            } catch (AddressFormatException notAnAddress) {
                throw Problem.at(ErrorCode.REFUND_ADDRESS_INVALID, FIELD);
            }
            throw Problem.at(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, FIELD, "This is an address of "
                    + other.network() + ", but the node runs on " + network.clnName()
                    + ": send an address of the node's network");
        }
    }
}
