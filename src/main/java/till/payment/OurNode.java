package till.payment;

import java.util.concurrent.atomic.AtomicReference;
import till.bolt11.Network;
import till.node.LightningNode;
import till.node.NodeInfo;

/** The node's id and network, asked once when first needed: the node may be down when Till starts. */
final class OurNode {
    private final LightningNode node;
    private final AtomicReference<NodeInfo> info = new AtomicReference<>();

    OurNode(LightningNode node) {
        this.node = node;
    }

    String id() {
        return info().id();
    }

    Network network() {
        return Network.fromClnName(info().network());
    }

    private NodeInfo info() {
        NodeInfo known = info.get();
        if (known == null) {
            known = node.info();
            info.compareAndSet(null, known);
        }
        return known;
    }
}
