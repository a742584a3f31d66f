package till.node.sim;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bitcoinj.core.BitcoinSerializer;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.GetBlocksMessage;
import org.bitcoinj.core.GetDataMessage;
import org.bitcoinj.core.GetHeadersMessage;
import org.bitcoinj.core.HeadersMessage;
import org.bitcoinj.core.InventoryItem;
import org.bitcoinj.core.InventoryMessage;
import org.bitcoinj.core.MemoryPoolMessage;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.NotFoundMessage;
import org.bitcoinj.core.Ping;
import org.bitcoinj.core.ProtocolException;
import org.bitcoinj.core.Services;
import org.bitcoinj.core.VersionAck;
import org.bitcoinj.core.VersionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connected to the {@link SimPeerServer}, answered like Bitcoin Core answers an inbound peer without special
 * permissions: version/verack, ping/pong, getdata (mempool transactions, blocks; notfound for the rest), getheaders
 * (up to 2000 after the locator), getblocks (an inv of up to 500 after the locator); {@code mempool} closes the
 * connection. Everything sent goes through one bounded queue and a writer thread, so that announcing never blocks the
 * chain; a peer that falls {@value #QUEUE} messages behind is disconnected, as Core drops a peer that does not read.
 */
final class SimPeerConnection {
    private static final Logger log = LoggerFactory.getLogger(SimPeerConnection.class);
    private static final int QUEUE = 10_000;
    private static final int MAX_BLOCKS_INV = 500;

    private final SimPeerServer server;
    private final SimChain chain;
    private final Socket socket;
    private final String name;
    private final BitcoinSerializer serializer;
    private final int magic;
    private final BlockingQueue<Message> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean versionReceived;
    private volatile boolean ready;
    private volatile boolean closed;
    private Thread writer;

    SimPeerConnection(SimPeerServer server, SimChain chain, Socket socket, int number) {
        this.server = server;
        this.chain = chain;
        this.socket = socket;
        this.name = "sim-peer-" + number;
        this.serializer = new BitcoinSerializer(chain.network());
        this.magic = NetworkParameters.of(chain.network()).getPacketMagic();
    }

    synchronized void start() {
        Thread reader = new Thread(this::read, name + "-read");
        reader.setDaemon(true);
        writer = new Thread(this::write, name + "-write");
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** The version handshake is done: announcements go to this peer. */
    boolean ready() {
        return ready;
    }

    void send(Message message) {
        if (!outgoing.offer(message)) {
            log.warn("simulated peer {}: {} messages unread, disconnecting", name, QUEUE);
            close();
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        SimPeerServer.closeQuietly(socket);
        if (writer != null) {
            writer.interrupt(); // it may be waiting for something to send
        }
        server.closed(this);
    }

    private void read() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (!closed) {
                if (in.readInt() != magic) {
                    throw new ProtocolException("wrong network magic");
                }
                byte[] header = new byte[BitcoinSerializer.BitcoinPacketHeader.HEADER_LENGTH];
                in.readFully(header);
                BitcoinSerializer.BitcoinPacketHeader parsed = serializer.deserializeHeader(ByteBuffer.wrap(header));
                byte[] payload = new byte[parsed.size];
                in.readFully(payload);
                handle(serializer.deserializePayload(parsed, ByteBuffer.wrap(payload)));
            }
        } catch (EOFException e) {
            log.debug("simulated peer {}: closed by the peer", name);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.info("simulated peer {}: disconnecting: {}", name, e.toString());
            }
        } finally {
            close();
        }
    }

    private void write() {
        try (OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            while (!closed) {
                Message message = outgoing.take();
                serializer.serialize(message, out);
                if (outgoing.isEmpty()) {
                    out.flush();
                }
                if (message instanceof InventoryMessage inv && !(message instanceof NotFoundMessage)) {
                    out.flush(); // its time is when it left, for the benchmark
                    server.announced(inv, Instant.now());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed) {
                log.info("simulated peer {}: write failed: {}", name, e.getMessage());
            }
        } finally {
            close();
        }
    }

    private void handle(Message message) throws ProtocolException {
        if (message instanceof VersionMessage theirs) {
            if (versionReceived) {
                throw new ProtocolException("a second version message");
            }
            versionReceived = true;
            log.debug("simulated peer {}: version from {}", name, theirs.subVer);
            VersionMessage ours = new VersionMessage(NetworkParameters.of(chain.network()), chain.height());
            ours.localServices = Services.of(Services.NODE_NETWORK | Services.NODE_WITNESS);
            ours.subVer = "/till-sim-bitcoind:1/";
            send(ours);
            send(new VersionAck());
        } else if (!versionReceived) {
            throw new ProtocolException("expected version first, got " + message.getClass().getSimpleName());
        } else if (message instanceof VersionAck) {
            ready = true;
        } else if (message instanceof Ping ping) {
            send(ping.pong());
        } else if (message instanceof GetDataMessage getData) {
            getData(getData);
        } else if (message instanceof GetHeadersMessage getHeaders) { // before GetBlocksMessage, its superclass
            send(new HeadersMessage(chain.headersAfter(getHeaders.getLocator().getHashes(), getHeaders.getStopHash())));
        } else if (message instanceof GetBlocksMessage getBlocks) {
            List<Block> after = chain.headersAfter(getBlocks.getLocator().getHashes(), getBlocks.getStopHash());
            send(InventoryMessage.ofBlocks(after.subList(0, Math.min(after.size(), MAX_BLOCKS_INV))));
        } else if (message instanceof MemoryPoolMessage) {
            throw new ProtocolException("mempool without the permission to ask for it");
        } else {
            log.debug("simulated peer {}: ignoring {}", name, message.getClass().getSimpleName());
        }
    }

    private void getData(GetDataMessage getData) {
        List<InventoryItem> missing = new ArrayList<>();
        for (InventoryItem item : getData.getItems()) {
            Optional<? extends Message> found = switch (item.type) {
                case TRANSACTION, WITNESS_TRANSACTION -> chain.mempoolTransaction(item.hash);
                case BLOCK, WITNESS_BLOCK -> chain.block(item.hash);
                default -> Optional.empty();
            };
            found.ifPresentOrElse(this::send, () -> missing.add(item));
        }
        if (!missing.isEmpty()) {
            send(new NotFoundMessage(missing));
        }
    }

}
