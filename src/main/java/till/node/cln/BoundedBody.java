package till.node.cln;

import java.io.IOException;
import java.io.InputStream;

/** Reads at most a fixed number of bytes of a response body, so a huge or endless answer cannot exhaust memory. */
record BoundedBody(byte[] bytes, boolean truncated) {

    static BoundedBody read(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit);
        // Exactly at the limit: the body is complete only if nothing follows.
        return new BoundedBody(bytes, bytes.length == limit && in.read() >= 0);
    }
}
