package till.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the outbox's webhooks: a bounded number at a time, and at most {@code maxPerHost} to any one receiver host,
 * each with a 10 s limit and no redirects, so one slow receiver delays only itself. Each attempt is
 * {@link WebhookAttempts}'s. New webhooks arrive from the {@link WebhookOutbox} right after
 * their commit, leased for their first attempt; retries, and webhooks this process did not send in time, are found by
 * polling the database. Every Till process sharing a database polls it: due deliveries are locked with
 * {@code FOR UPDATE SKIP LOCKED} and leased in one transaction, so each attempt is sent by one process, and an
 * attempt cut off by a crash (of any process) is retried by any of them once its lease runs out. The per-host limit
 * is each process's own.
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

    private final Jdbi jdbi;
    private final Clock clock;
    private final WebhookAttempts attempts;
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    private final HostSlots hosts;
    private final BlockingQueue<Delivery> handedOver = new LinkedBlockingQueue<>(MAX_WAITING);
    /** The attempts' threads and the loop's: made by {@link #start()}, not by the constructor. */
    private ExecutorService senders;
    private Thread loop;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    /** Loop thread only: when to poll the database next. */
    private long nextPollNanos = System.nanoTime();
    /** Loop thread only: handed-over webhooks whose host had no free sender, tried again before newer ones. */
    private final List<Delivery> deferred = new ArrayList<>();
    /** A host that had no free sender has one again: due webhooks of it may wait in the database. */
    private volatile boolean hostFreed;

    public WebhookDispatcher(Jdbi jdbi, WebhookOutbox outbox, WebhookUrlGuard guard, RetrySchedule schedule, Clock clock,
                             String userAgent, int maxPerHost) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.attempts = new WebhookAttempts(jdbi, new WebhookSender(guard, userAgent, MAX_IN_FLIGHT), schedule, clock);
        this.hosts = new HostSlots(maxPerHost);
        outbox.whenCommitted(this::handOver);
    }

    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("the webhook dispatcher has already started");
        }
        senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT, daemon("webhook-sender"));
        loop = daemon("webhook-dispatcher").newThread(this::run);
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
                if (hostFreed) {
                    hostFreed = false;
                    nextPollNanos = System.nanoTime();
                }
                if (slots.availablePermits() > 0 && System.nanoTime() - nextPollNanos >= 0) {
                    started += sendDue();
                }
                if (started == 0) {
                    // Woken by a commit or a finished attempt; otherwise until the next poll.
                    long untilPoll = TimeUnit.NANOSECONDS.toMillis(nextPollNanos - System.nanoTime());
                    pause(slots.availablePermits() == 0 ? POLL_EVERY.toMillis() : Math.max(1, untilPoll));
                }
            } catch (Exception e) {
                // Any exception (a database outage, even a checked one thrown sneakily) is waited out: the loop
                // must not end while Till serves requests.
                if (!running) {
                    return;
                }
                log.warn("Webhook dispatcher error, retrying", e);
                pause(POLL_EVERY.toMillis());
            } catch (Error e) {
                // An Error (out of memory above all) leaves the JVM in no state to go on: end loudly. Till is meant
                // to run with -XX:+ExitOnOutOfMemoryError (the systemd unit, run.sh), so the process exits and is
                // restarted rather than staying up with no one sending webhooks.
                log.error("Webhook dispatcher stopped by {}", e.toString(), e);
                throw e;
            }
        }
    }

    /**
     * Starts handed-over webhooks while there are free slots, each when its host has a free sender; returns how many
     * it started. One that waited too long is left to the poll, which takes it once its lease runs out.
     */
    private int sendHandedOver() {
        int started = 0;
        Instant tooOld = clock.instant().minus(SEND_WITHIN);
        for (Iterator<Delivery> waiting = deferred.iterator(); waiting.hasNext() && slots.availablePermits() > 0; ) {
            Delivery delivery = waiting.next();
            if (!delivery.createdAt().isAfter(tooOld)) {
                waiting.remove();
            } else if (hosts.tryTake(delivery.host())) {
                waiting.remove();
                send(delivery);
                started++;
            }
        }
        while (slots.availablePermits() > 0) {
            Delivery delivery = handedOver.poll();
            if (delivery == null) {
                break;
            }
            if (!delivery.createdAt().isAfter(tooOld)) {
                continue;
            }
            if (hosts.tryTake(delivery.host())) {
                send(delivery);
                started++;
            } else if (deferred.size() < MAX_WAITING) {
                deferred.add(delivery);
            }
        }
        return started;
    }

    /**
     * Claims and starts as many due deliveries as there are free slots, no host beyond its share; returns how many
     * it started. When that filled every slot, or filled a host while more were due, the next poll comes at once
     * (as soon as a slot is free): it passes over the full hosts and finds the others' webhooks.
     */
    private int sendDue() {
        int free = slots.availablePermits();
        Set<String> fullHosts = hosts.full();
        Instant lease = clock.instant().plus(WebhookOutbox.LEASE);
        List<Delivery> passedOver = new ArrayList<>();
        // One transaction locks and leases the whole batch: one commit instead of one per webhook, and the rows
        // another process is claiming meanwhile are skipped rather than contended for.
        List<Delivery> claimed = jdbi.inTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            List<Delivery> due = withinHostShares(dao.lockDue(clock.instant(), free, fullHosts), passedOver);
            int[] taken = due.isEmpty() ? new int[0] : dao.claim(due, lease);
            return IntStream.range(0, due.size()).filter(i -> taken[i] == 1).mapToObj(due::get).toList();
        });
        for (Delivery delivery : claimed) {
            hosts.tryTake(delivery.host()); // room was counted above, and only this thread takes
            send(delivery);
        }
        boolean more = claimed.size() == free || !passedOver.isEmpty();
        nextPollNanos = System.nanoTime() + (more ? 0 : POLL_EVERY.toNanos());
        return claimed.size();
    }

    /** The deliveries that fit into their hosts' free senders, in order; the others go to {@code passedOver}. */
    private List<Delivery> withinHostShares(List<Delivery> due, List<Delivery> passedOver) {
        Map<String, Integer> room = new HashMap<>();
        List<Delivery> fitting = new ArrayList<>();
        for (Delivery delivery : due) {
            int left = room.computeIfAbsent(delivery.host(), hosts::room);
            if (left > 0) {
                room.put(delivery.host(), left - 1);
                fitting.add(delivery);
            } else {
                passedOver.add(delivery);
            }
        }
        return fitting;
    }

    private void send(Delivery delivery) {
        slots.acquireUninterruptibly();
        senders.execute(() -> {
            try {
                attempts.make(delivery);
            } finally {
                if (hosts.release(delivery.host())) {
                    hostFreed = true;
                }
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

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void close() {
        running = false;
        wake();
        if (senders != null) {
            senders.shutdown();
            try {
                senders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        attempts.close();
    }
}
