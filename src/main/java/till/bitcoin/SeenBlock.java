package till.bitcoin;

import java.util.List;

/** A block as the peer showed it, with every transaction in it. */
public record SeenBlock(String hash, String previousHash, List<SeenTransaction> transactions) {
}
