package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.files.OwnerOnly;

/**
 * The simulated node's memory: an append-only file of JSON lines, one per event, written before the caller
 * answers. Appending keeps every event O(1) however many invoices there are. A write reaches the operating
 * system, so it survives a kill -9 of the simulator; it is not forced to the disk platter each time (that would
 * cap a simulator at a few hundred events a second), so only a machine crash could lose the last events.
 */
final class SimJournal implements AutoCloseable {
    static final String FILE_NAME = "journal.jsonl";
    private static final Logger log = LoggerFactory.getLogger(SimJournal.class);

    private final ObjectMapper json;
    private final FileChannel channel;

    private SimJournal(ObjectMapper json, FileChannel channel) {
        this.json = json;
        this.channel = channel;
    }

    /** Opens the journal in {@code dataDir}, handing every intact event to {@code replay} first. */
    static SimJournal open(Path dataDir, ObjectMapper json, Consumer<JsonNode> replay) throws IOException {
        return openFile(dataDir.resolve(FILE_NAME), json, replay);
    }

    /** Opens the journal {@code file} (created owner-only if missing), handing every intact event to {@code replay} first. */
    static SimJournal openFile(Path file, ObjectMapper json, Consumer<JsonNode> replay) throws IOException {
        FileChannel channel = FileChannel.open(OwnerOnly.file(file),
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            dropTornTail(channel);
            replayAll(channel, json, replay);
            channel.position(channel.size());
            return new SimJournal(json, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes one event as a line. */
    synchronized void append(JsonNode event) {
        try {
            byte[] line = (json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated node's journal", e);
        }
    }

    /** A crash mid-append leaves a line without its newline: cut it off so the next event starts cleanly. */
    private static void dropTornTail(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        long keep = end;
        while (keep > 0) {
            one.clear();
            channel.read(one, keep - 1);
            if (one.get(0) == '\n') {
                break;
            }
            keep--;
        }
        if (keep < end) {
            log.warn("journal: dropping a torn last line ({} bytes)", end - keep);
            channel.truncate(keep);
            channel.force(true);
        }
    }

    private static void replayAll(FileChannel channel, ObjectMapper json, Consumer<JsonNode> replay) throws IOException {
        channel.position(0);
        // Not closed: closing the reader would close the channel we keep appending to.
        BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16);
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = json.readTree(line);
            } catch (IOException e) {
                log.warn("journal: skipping unreadable line {}", number);
                continue;
            }
            replay.accept(event);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
