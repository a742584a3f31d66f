package till.bitcoin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.core.BlockLocator;
import org.bitcoinj.base.Sha256Hash;

/**
 * The most recent blocks reported, oldest first, each the child of the one before: where a catch-up starts from
 * (a block locator, newest first) and how a block is placed (extends the tip, forks off an earlier block, or does not
 * connect to anything known). Not thread-safe: the peer's network thread alone uses it.
 */
final class BlockTrail {
    /** Bitcoin Core reads at most 101 locator hashes; a reorg deeper than this is not expected. */
    static final int DEPTH = 100;

    private final Deque<String> hashes = new ArrayDeque<>();
    /** The newest, for other threads to read. */
    private volatile String last;

    BlockTrail(String lastBlockHash) {
        if (lastBlockHash != null) {
            hashes.addLast(lastBlockHash);
        }
        last = lastBlockHash;
    }

    boolean isEmpty() {
        return hashes.isEmpty();
    }

    boolean contains(String hash) {
        return hashes.contains(hash);
    }

    /** Safe from any thread. */
    Optional<String> lastHash() {
        return Optional.ofNullable(last);
    }

    /** Whether a block with this parent can be reported now: it extends or forks off a known block (or none is known). */
    boolean connects(String previousHash) {
        return hashes.isEmpty() || hashes.contains(previousHash);
    }

    /** Adds a reported block; blocks after its parent (a reorg's losing branch) are dropped. */
    void add(String hash, String previousHash) {
        if (hashes.contains(previousHash)) {
            while (!hashes.peekLast().equals(previousHash)) {
                hashes.removeLast();
            }
        } else {
            hashes.clear();
        }
        hashes.addLast(hash);
        if (hashes.size() > DEPTH) {
            hashes.removeFirst();
        }
        last = hash;
    }

    /** Newest first, as getheaders wants it. */
    BlockLocator locator() {
        List<Sha256Hash> newestFirst = new ArrayList<>(hashes.size());
        hashes.descendingIterator().forEachRemaining(hash -> newestFirst.add(Sha256Hash.wrap(hash)));
        return new BlockLocator(newestFirst);
    }
}
