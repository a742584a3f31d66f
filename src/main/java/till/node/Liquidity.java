package till.node;

import java.util.List;

/**
 * How much the node can receive and send over Lightning now: the peers' sides and our sides of its usable channels
 * (open, peer connected). An upper bound: each channel keeps a reserve (about 1% of its capacity) the node cannot
 * use, and a payment larger than every one channel needs a payer that splits it (multi-part payments).
 */
public record Liquidity(long receivableMsat, long sendableMsat, long largestChannelReceivableMsat, int usableChannels) {

    public static Liquidity of(List<NodeChannel> channels) {
        long receivable = 0;
        long sendable = 0;
        long largest = 0;
        int usable = 0;
        for (NodeChannel channel : channels) {
            if (channel.usable()) {
                receivable += channel.theirMsat();
                sendable += Math.min(channel.ourMsat(), channel.capacityMsat());
                largest = Math.max(largest, channel.theirMsat());
                usable++;
            }
        }
        return new Liquidity(receivable, sendable, largest, usable);
    }

    /** Whether the node could not take {@code amountMsat} in one payment now, whoever pays. */
    public boolean cannotReceive(long amountMsat) {
        return amountMsat > receivableMsat;
    }
}
