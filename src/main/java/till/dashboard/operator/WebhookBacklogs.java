package till.dashboard.operator;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Reads the {@link WebhookBacklog} from the outbox, across restarts and Till processes alike. */
public final class WebhookBacklogs {
    static final int HOSTS_SHOWN = 10;

    private final Jdbi jdbi;

    public WebhookBacklogs(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public WebhookBacklog read() {
        return jdbi.inTransaction(handle -> {
            OperatorDao dao = handle.attach(OperatorDao.class);
            Long oldest = dao.oldestPendingDelivery();
            return new WebhookBacklog(dao.pendingDeliveries(), oldest == null ? null : Instant.ofEpochMilli(oldest),
                    dao.failedDeliveries(), dao.failingHosts(HOSTS_SHOWN));
        });
    }
}
