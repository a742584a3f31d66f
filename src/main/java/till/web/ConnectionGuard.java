package till.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.task.RepeatingTask;

/**
 * Keeps slow and idle clients from holding the server: a connection idle for the idle timeout is closed by
 * Jetty, and one that trickles bytes without ever completing a request (slowloris: headers or body a byte at a
 * time, each byte resetting Jetty's idle timer) is closed here. Jetty 12 enforces no minimum request data rate
 * itself. Every half timeout an HTTP/1 connection is looked at; one that received bytes but no new request in
 * two looks running is cut. A request being handled, an idle keep-alive connection and an upgraded WebSocket
 * (which has its own, longer idle timeout and pings) are left alone.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final int STRIKES = 2;

    private record Progress(long bytesIn, long messagesIn, int strikes) {}

    private final Duration idleTimeout;
    private final Duration every;
    private final Map<Connection, Progress> watched = new ConcurrentHashMap<>();
    private final RepeatingTask timer;

    ConnectionGuard(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.every = Duration.ofMillis(Math.max(100, idleTimeout.toMillis() / 2));
        this.timer = new RepeatingTask("connection-guard", every, this::look);
    }

    /** Sets the idle timeout on every connector of the (started) server and watches their new connections. */
    void install(Server server) {
        timer.start(every);
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setIdleTimeout(idleTimeout.toMillis());
                serverConnector.addBean(this);
            }
        }
    }

    @Override
    public void onOpened(Connection connection) {
        // HTTP/1 connections only: they are the ones that carry request metadata.
        if (connection instanceof ConnectionMetaData) {
            watched.put(connection, new Progress(connection.getBytesIn(), connection.getMessagesIn(), 0));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    private void look() {
        watched.forEach((connection, before) -> {
            if (connection.getEndPoint().getConnection() != connection || !connection.getEndPoint().isOpen()) {
                watched.remove(connection); // upgraded to a WebSocket, or gone
                return;
            }
            long bytes = connection.getBytesIn();
            long messages = connection.getMessagesIn();
            boolean trickling = bytes > before.bytesIn() && messages == before.messagesIn();
            Progress now = new Progress(bytes, messages, trickling ? before.strikes() + 1 : 0);
            if (now.strikes() >= STRIKES) {
                log.info("Closing a connection from {} that sends a request too slowly",
                        connection.getEndPoint().getRemoteSocketAddress());
                watched.remove(connection);
                connection.getEndPoint().close();
            } else {
                watched.put(connection, now);
            }
        });
    }

    @Override
    public void close() {
        timer.close();
    }
}
