package till.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.store.GroupCommit;

/**
 * Posts the outbox's due webhooks: a bounded number at a time, each with a 10 s limit and no redirects, so one
 * slow receiver cannot hold up the others. 2xx is delivered; 410 Gone stops; anything else is retried on the
 * {@link RetrySchedule}. Every attempt is recorded. A delivery is leased before it is sent, so several Till
 * processes sharing one database never send the same attempt twice, and a crash mid-send retries it later.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int MAX_IN_FLIGHT = 32;
    /** Longer than one attempt can take (10 s), short enough that an attempt cut off by a crash is soon retried. */
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Jdbi jdbi;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final String userAgent;
    private final WebhookUrlGuard guard;
    private final OkHttpClient http;
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    /** Attempts finishing together are recorded in one transaction. */
    private final GroupCommit<Outcome, Void> outcomes;
    private final ExecutorService senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT, daemon("webhook-sender"));
    private final Thread loop = daemon("webhook-dispatcher").newThread(this::run);
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;

    public WebhookDispatcher(Jdbi jdbi, WebhookOutbox outbox, WebhookUrlGuard guard, RetrySchedule schedule, Clock clock,
                             String userAgent) {
        this.jdbi = jdbi;
        this.schedule = schedule;
        this.clock = clock;
        this.userAgent = userAgent;
        this.guard = guard;
        this.http = new OkHttpClient.Builder()
                .dns(guard)
                .callTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(false)
                .followSslRedirects(false)
                // Enough idle connections for every sender: a shop's receiver gets many webhooks in a row.
                .connectionPool(new ConnectionPool(MAX_IN_FLIGHT, 1, TimeUnit.MINUTES))
                // A receiver may close an idle kept-alive connection at any time: OkHttp then retries once on a
                // fresh one. That may repeat a request the receiver saw, which webhook-id lets it ignore.
                .retryOnConnectionFailure(true)
                .build();
        this.outcomes = new GroupCommit<>(jdbi, "webhook-outcomes", (handle, outcome) -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            dao.insertAttempt(outcome.attempt());
            dao.recordOutcome(outcome.attempt().deliveryId(), outcome.status(), outcome.next(), outcome.deliveredAt());
            return null;
        });
        outbox.whenCommitted(this::wake);
    }

    private record Outcome(Attempt attempt, String status, Instant next, Instant deliveredAt) {}

    public void start() {
        loop.start();
    }

    /** Deliveries waiting for their first or next attempt. */
    public long backlog() {
        return jdbi.withExtension(WebhookDao.class, WebhookDao::backlog);
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                int sent = sendDue();
                if (sent == 0) {
                    pauseUntilNextDue();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Webhook dispatcher error, retrying", e);
                pause(IDLE_POLL);
            }
        }
    }

    /** Claims and starts as many due deliveries as there are free slots; returns how many it started. */
    private int sendDue() {
        int free = slots.availablePermits();
        if (free == 0) {
            pause(IDLE_POLL);
            return 0;
        }
        Instant now = clock.instant();
        Instant lease = now.plus(LEASE);
        // One transaction claims the whole batch: one commit instead of one per webhook.
        List<Delivery> claimed = jdbi.inTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            return dao.due(now, free).stream().filter(d -> dao.claim(d.id(), d.nextAttemptAt(), lease) == 1).toList();
        });
        for (Delivery delivery : claimed) {
            slots.acquireUninterruptibly();
            senders.execute(() -> {
                try {
                    attempt(delivery);
                } finally {
                    slots.release();
                    wake();
                }
            });
        }
        return claimed.size();
    }

    private void pauseUntilNextDue() {
        Optional<Instant> next = jdbi.withExtension(WebhookDao.class, WebhookDao::nextDue);
        Duration wait = next.map(at -> Duration.between(clock.instant(), at)).orElse(IDLE_POLL);
        pause(wait.compareTo(IDLE_POLL) > 0 ? IDLE_POLL : wait);
    }

    private void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        synchronized (signal) {
            try {
                if (!woken) {
                    signal.wait(Math.max(1, duration.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    private void attempt(Delivery delivery) {
        Instant started = clock.instant();
        long timestamp = started.getEpochSecond();
        Request.Builder request = new Request.Builder()
                .url(delivery.url())
                .header("webhook-id", delivery.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("User-Agent", userAgent)
                .post(RequestBody.create(delivery.body(), MediaType.get(delivery.contentType())));
        if (delivery.signingSecret() != null && !delivery.signingSecret().isEmpty()) {
            request.header("webhook-signature", WebhookSigner.sign(delivery.signingSecret(), delivery.webhookId(), timestamp, delivery.body()));
        }
        Integer statusCode = null;
        String error = null;
        String retryAfter = null;
        try {
            // OkHttp asks its Dns only for host names: an address literal is checked here.
            guard.lookup(HttpUrl.get(delivery.url()).host());
        } catch (UnknownHostException | IllegalArgumentException e) {
            record(delivery, started, null, truncate(e.getMessage()), null);
            return;
        }
        try (Response response = http.newCall(request.build()).execute()) {
            statusCode = response.code();
            retryAfter = response.header("Retry-After");
            drain(response);
        } catch (IOException | IllegalArgumentException e) {
            error = truncate(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        record(delivery, started, statusCode, error, retryAfter);
    }

    private static void drain(Response response) throws IOException {
        // Read a little of the answer so the connection can be reused, but never a receiver's whole page.
        try (InputStream in = response.body().byteStream()) {
            in.readNBytes(4096);
        }
    }

    private void record(Delivery delivery, Instant started, Integer statusCode, String error, String retryAfter) {
        Instant finished = clock.instant();
        int attempts = delivery.attempts() + 1;
        String status;
        Instant next = null;
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            status = "delivered";
        } else if (statusCode != null && statusCode == 410) {
            status = "stopped";
        } else {
            next = schedule.next(attempts, delivery.createdAt(), finished, retryAfter);
            status = next == null ? "failed" : "pending";
        }
        Attempt attempt = new Attempt(delivery.id(), started, statusCode, error,
                Duration.between(started, finished).toMillis(), next);
        Instant nextAttempt = next;
        Instant deliveredAt = status.equals("delivered") ? finished : null;
        // Not waited for: the sender moves on. Until the outcome commits, the lease keeps the delivery from being
        // picked again; a crash before then means one more attempt, which webhook-id lets the receiver ignore.
        outcomes.submit(new Outcome(attempt, status, nextAttempt, deliveredAt))
                .exceptionally(e -> {
                    log.error("Could not record webhook attempt {} of {}", attempts, delivery.webhookId(), e);
                    return null;
                });
        if (!status.equals("delivered")) {
            log.info("Webhook {} to {}: attempt {} {}; {}", delivery.webhookId(), hostOf(delivery.url()), attempts,
                    statusCode != null ? "answered " + statusCode : "failed: " + error,
                    next != null ? "next attempt at " + next : status);
        }
    }

    private static String hostOf(String url) {
        return URI.create(url).getHost();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        running = false;
        wake();
        senders.shutdown();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomes.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
