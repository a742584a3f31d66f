package till.cluster;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for the process registry ({@code till_process}). */
interface ProcessDao {
    @SqlUpdate("INSERT INTO till_process (id, name, started_at, heartbeat_at) VALUES (:id, :name, :now, :now)")
    void insert(@Bind("id") String id, @Bind("name") String name, @Bind("now") Instant now);

    /** 0 when the row is gone (purged while this process could not write its heartbeat). */
    @SqlUpdate("UPDATE till_process SET heartbeat_at = :now WHERE id = :id")
    int beat(@Bind("id") String id, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM till_process WHERE heartbeat_at < :staleBefore")
    int purge(@Bind("staleBefore") Instant staleBefore);

    @SqlUpdate("DELETE FROM till_process")
    void deleteAll();

    @SqlUpdate("DELETE FROM till_process WHERE id = :id")
    void delete(@Bind("id") String id);

    @SqlQuery("SELECT id FROM till_process WHERE heartbeat_at >= :freshSince")
    Set<String> alive(@Bind("freshSince") Instant freshSince);

    /** Marks {@code id} as the only holder of the watcher lease (written by the holder only). */
    @SqlUpdate("UPDATE till_process SET holds_watcher = (id = :id) WHERE holds_watcher OR id = :id")
    void holder(@Bind("id") String id);

    @SqlUpdate("UPDATE till_process SET holds_watcher = FALSE WHERE id = :id")
    void notHolder(@Bind("id") String id);

    @SqlQuery("SELECT name FROM till_process WHERE holds_watcher AND heartbeat_at >= :freshSince "
            + "ORDER BY heartbeat_at DESC LIMIT 1")
    Optional<String> holderName(@Bind("freshSince") Instant freshSince);
}
