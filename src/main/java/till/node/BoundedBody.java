package till.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most a fixed number of bytes of a response body, so a huge or endless answer cannot exhaust memory. */
record BoundedBody(byte[] bytes, boolean truncated) {

    static BoundedBody read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, Math.min(buffer.length, limit - total));
            if (n < 0) {
                return new BoundedBody(out.toByteArray(), false);
            }
            out.write(buffer, 0, n);
            total += n;
        }
        // Exactly at the limit: the body is complete only if nothing follows.
        return new BoundedBody(out.toByteArray(), in.read() >= 0);
    }
}
