package till.dashboard.operator;

import java.util.List;
import till.node.LightningNode;
import till.node.Liquidity;
import till.node.NodeChannel;
import till.node.NodeInfo;
import till.node.NodeRpcException;

/**
 * The node as the operator sees it now: what it says of itself and its channels with their {@link Liquidity}, each
 * asked on its own. A part the node did not answer is null, with the reason in its {@code ...Error}.
 */
public record NodeReport(NodeInfo info, String infoError, List<NodeChannel> channels, Liquidity liquidity,
                         String channelsError) {

    public static NodeReport read(LightningNode node) {
        NodeInfo info = null;
        String infoError = null;
        try {
            info = node.info();
        } catch (RuntimeException e) {
            infoError = e.getMessage();
        }
        try {
            List<NodeChannel> channels = node.channels();
            return new NodeReport(info, infoError, channels, Liquidity.of(channels), null);
        } catch (NodeRpcException e) {
            return new NodeReport(info, infoError, null, null, e.accessDenied()
                    ? "the node's rune does not let Till list its channels (it needs listfunds): " + e.getMessage()
                    : e.getMessage());
        } catch (RuntimeException e) {
            // Unreachable, or an answer this Till cannot read: the view says so instead of failing.
            return new NodeReport(info, infoError, null, null, e.getMessage());
        }
    }
}
