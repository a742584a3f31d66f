package till.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Posts the outbox's webhooks: a bounded number at a time, each with a 10 s limit and no redirects, so one slow
 * receiver cannot hold up the others. 2xx is delivered; 410 Gone stops; anything else is retried on the
 * {@link RetrySchedule}. Every attempt is recorded. New webhooks arrive from the {@link WebhookOutbox} right after
 * their commit, leased for their first attempt; retries, and webhooks this process did not send in time, are found by
 * polling the database, where a delivery is leased before it is sent, so several Till processes sharing one database
 * never send the same attempt twice, and a crash mid-send retries it later.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int MAX_IN_FLIGHT = 64;
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    /**
     * A handed-over webhook is sent only if its attempt starts this soon after its commit: the attempt (10 s at most)
     * then ends well inside its lease. Later ones are left to the poll, which takes them when the lease runs out.
     */
    private static final Duration SEND_WITHIN = Duration.ofSeconds(3);
    /** Handed-over webhooks waiting for a free slot, at most; more (a receiver far behind) are left to the poll. */
    private static final int MAX_WAITING = 10_000;
    private static final int MAX_ERROR_LENGTH = 500;
    /** Outcomes are not urgent (the lease covers them): gathering them a little longer saves commits. */
    private static final Duration OUTCOME_LINGER = Duration.ofMillis(100);

    private final Jdbi jdbi;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final String userAgent;
    private final WebhookUrlGuard guard;
    private final OkHttpClient http;
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    private final BlockingQueue<Delivery> handedOver = new LinkedBlockingQueue<>(MAX_WAITING);
    /** Attempts finishing together are recorded in one transaction. */
    private final GroupCommit<Outcome, Void> outcomes;
    private final ExecutorService senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT, daemon("webhook-sender"));
    private final Thread loop = daemon("webhook-dispatcher").newThread(this::run);
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    /** Loop thread only: when to poll the database next. */
    private long nextPollNanos = System.nanoTime();

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
        this.outcomes = new GroupCommit<>(jdbi, "webhook-outcomes", OUTCOME_LINGER, (handle, batch) -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            dao.insertAttempts(batch.stream().map(Outcome::attempt).toList());
            dao.recordOutcomes(batch);
            return Collections.nCopies(batch.size(), null);
        });
        outbox.whenCommitted(this::handOver);
    }

    public void start() {
        loop.start();
    }

    /** Deliveries waiting for their first or next attempt. */
    public long backlog() {
        return jdbi.withExtension(WebhookDao.class, WebhookDao::backlog);
    }

    /** Newly committed webhooks, leased to this process for their first attempt. */
    private void handOver(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            if (!handedOver.offer(delivery)) {
                break; // the rest are sent by the poll once their lease runs out
            }
        }
        wake();
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                int started = sendHandedOver();
                if (slots.availablePermits() > 0 && System.nanoTime() - nextPollNanos >= 0) {
                    started += sendDue();
                }
                if (started == 0) {
                    // Woken by a commit or a finished attempt; otherwise until the next poll.
                    long untilPoll = TimeUnit.NANOSECONDS.toMillis(nextPollNanos - System.nanoTime());
                    pause(slots.availablePermits() == 0 ? POLL_EVERY.toMillis() : Math.max(1, untilPoll));
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Webhook dispatcher error, retrying", e);
                pause(POLL_EVERY.toMillis());
            }
        }
    }

    /** Starts handed-over webhooks while there are free slots; returns how many it started. */
    private int sendHandedOver() {
        int started = 0;
        Instant tooOld = clock.instant().minus(SEND_WITHIN);
        while (slots.availablePermits() > 0) {
            Delivery delivery = handedOver.poll();
            if (delivery == null) {
                break;
            }
            if (delivery.createdAt().isAfter(tooOld)) {
                send(delivery);
                started++;
            }
        }
        return started;
    }

    /**
     * Claims and starts as many due deliveries as there are free slots; returns how many it started. When that filled
     * every slot, more may be due: the next poll comes as soon as a slot is free.
     */
    private int sendDue() {
        int free = slots.availablePermits();
        Instant lease = clock.instant().plus(WebhookOutbox.LEASE);
        // One transaction claims the whole batch: one commit instead of one per webhook.
        List<Delivery> claimed = jdbi.inTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            List<Delivery> due = dao.due(clock.instant(), free);
            int[] taken = due.isEmpty() ? new int[0] : dao.claim(due, lease);
            return IntStream.range(0, due.size()).filter(i -> taken[i] == 1).mapToObj(due::get).toList();
        });
        claimed.forEach(this::send);
        nextPollNanos = System.nanoTime() + (claimed.size() < free ? POLL_EVERY.toNanos() : 0);
        return claimed.size();
    }

    private void send(Delivery delivery) {
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

    private void pause(long millis) {
        synchronized (signal) {
            try {
                if (!woken) {
                    signal.wait(millis);
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
