package till.invoice;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.store.Database;
import till.task.Pause;

/**
 * {@link InvoiceEvents} for Till processes sharing a PostgreSQL database. Each change is announced with {@code NOTIFY}
 * inside its own transaction, so only a committed change is. A thread of each process {@code LISTEN}s on a connection
 * of its own, ignores its own process's announcements (told here already) and, for another's, reads the invoice again
 * and tells this process's listeners as of a change made here. When that connection breaks it connects again and
 * reads the invoices someone here waits on ({@link InvoiceEvents.Listener#awaited}, the paid waiters), which covers what
 * was announced meanwhile; the same read runs now and then as a safety net. A change is told once ({@link ToldChanges});
 * the local listeners (metrics) hear this process's changes only.
 */
public final class PgInvoiceEvents implements InvoiceEvents {
    private static final Logger log = LoggerFactory.getLogger(PgInvoiceEvents.class);
    static final String CHANNEL = "till_invoice";
    /** The listening connection's {@code application_name} (as {@code pg_stat_activity} shows it). */
    public static final String APPLICATION_NAME = "till-events";
    /** A wait for notifications this long without any ends with a query, so that a dead connection shows. */
    private static final int WAIT_MILLIS = 5_000;
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final int PER_READ = 500;

    private final Database database;
    private final Invoices invoices;
    private final LocalInvoiceEvents local;
    private final ToldChanges told = new ToldChanges(10_000);
    /** Marks this process's announcements, which its listening thread passes by. */
    private final String origin = UUID.randomUUID().toString();
    private final Pause pause = new Pause();
    private volatile boolean running;
    private volatile Connection listening;
    private Thread thread;

    public PgInvoiceEvents(Database database, Invoices invoices) {
        this.database = database;
        this.invoices = invoices;
        this.local = new LocalInvoiceEvents(invoices);
    }

    @Override
    public void addListener(Listener listener) {
        local.addListener(listener);
    }

    @Override
    public void addLocalListener(Listener listener) {
        local.addLocalListener(listener);
    }

    @Override
    public void addHook(Hook hook) {
        local.addHook(hook);
    }

    @Override
    public void changing(Handle handle, Invoice changed) {
        changing(handle, List.of(changed));
    }

    /** The hooks, then one statement that announces them all at the commit. */
    @Override
    public void changing(Handle handle, List<Invoice> changed) {
        if (changed.isEmpty()) {
            return;
        }
        changed.forEach(invoice -> local.changing(handle, invoice));
        String[] payloads = changed.stream().map(invoice -> origin + " " + invoice.id()).distinct().toArray(String[]::new);
        handle.createQuery("SELECT count(pg_notify('" + CHANNEL + "', p)) FROM unnest(:payloads) AS p")
                .bind("payloads", payloads).mapTo(Long.class).one();
    }

    @Override
    public void created(Invoice created) {
        local.created(created);
    }

    @Override
    public void changed(Invoice changed) {
        if (told.first(changed)) {
            local.changed(changed);
        } else {
            local.tellLocal(changed); // a catch-up read found it first: everyone else knows
        }
    }

    @Override
    public CompletableFuture<Invoice> whenPaid(String invoiceHash) {
        return local.whenPaid(invoiceHash);
    }

    /** Listens from here on (connected before this returns), on a thread of its own. */
    @Override
    public synchronized PgInvoiceEvents start() {
        if (thread != null) {
            throw new IllegalStateException("already listening");
        }
        running = true;
        Connection first;
        try {
            first = connect();
        } catch (SQLException e) {
            running = false;
            throw new IllegalStateException("cannot listen for the other Till processes' invoice changes: " + e.getMessage(), e);
        }
        thread = new Thread(() -> listen(first), "invoice-events");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** A connection of its own, listening on the channel (its application_name shows what it is for). */
    private Connection connect() throws SQLException {
        Connection connection = database.dedicatedConnection();
        listening = connection;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private void listen(Connection first) {
        Connection connection = first;
        Duration retry = FIRST_RETRY;
        boolean broken = false;
        while (running) {
            try (Connection c = connection != null ? connection : connect()) {
                connection = null;
                if (broken) {
                    log.info("Listening again for the other Till processes' invoice changes; reading those waited on");
                }
                catchUp();
                broken = false;
                retry = FIRST_RETRY;
                follow(c);
            } catch (SQLException | RuntimeException e) {
                connection = null;
                if (!running) {
                    return;
                }
                if (!broken) {
                    log.warn("The connection bringing the other Till processes' invoice changes broke ({}); connecting again",
                            e.getMessage());
                }
                broken = true;
                if (!pause.await(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /** Tells each announced change as it comes; checks the connection when none came; reads again now and then. */
    private void follow(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long nextSafetyNet = System.nanoTime() + SAFETY_NET.toNanos();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                received(notifications);
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            }
            if (System.nanoTime() - nextSafetyNet > 0) {
                catchUp();
                nextSafetyNet = System.nanoTime() + SAFETY_NET.toNanos();
            }
        }
    }

    /** The other processes' changes: each invoice read again (in a few reads, however many came). */
    private void received(PGNotification[] notifications) {
        List<String> ids = Arrays.stream(notifications).map(PGNotification::getParameter).map(this::othersInvoice)
                .flatMap(Optional::stream).distinct().toList();
        inParts(ids, part -> {
            Map<String, Invoice> found = invoices.findByIds(part);
            part.stream().map(found::get).filter(Objects::nonNull).filter(told::first).forEach(local::tellEveryone);
        });
    }

    /** The invoice id of another process's announcement ({@code "<origin> <invoice id>"}); empty for this one's. */
    private Optional<String> othersInvoice(String payload) {
        int space = payload.indexOf(' ');
        return space < 0 || payload.substring(0, space).equals(origin) ? Optional.empty()
                : Optional.of(payload.substring(space + 1));
    }

    /** The invoices waited on here, read again: those that changed since they were last told are told. */
    private void catchUp() {
        inParts(List.copyOf(local.awaited()), part -> invoices.findByHashes(part).stream()
                .filter(told::firstSinceUnpaid).forEach(local::tellEveryone));
    }

    private static void inParts(List<String> keys, Consumer<List<String>> read) {
        for (int from = 0; from < keys.size(); from += PER_READ) {
            read.accept(keys.subList(from, Math.min(keys.size(), from + PER_READ)));
        }
    }

    /** Stops listening: the connection is cut (a wait for notifications ends with it) and the thread ends. */
    @Override
    public void close() {
        Thread listener;
        synchronized (this) {
            running = false;
            listener = thread;
        }
        pause.wake();
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("Closing the listening connection: {}", e.getMessage());
            }
        }
        if (listener != null) {
            try {
                listener.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
