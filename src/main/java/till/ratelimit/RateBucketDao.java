package till.ratelimit;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL (PostgreSQL's) for the shared token buckets of V24__shared_rate_limits.sql. */
@RegisterConstructorMapper(RateBucketDao.Take.class)
interface RateBucketDao {
    /** Microseconds since the epoch by the database's clock, the one every process shares. */
    String NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT";

    /**
     * A locked bucket's tokens refilled for the time since its last take, up to the burst. A take that waited for
     * another's lock may carry an earlier time than the one it waited for: it refills nothing.
     */
    String REFILLED = "LEAST(:burst, b.tokens + GREATEST(0, EXCLUDED.updated_at - b.updated_at) * :perMicro)";

    /** What a take left: whether it got a token, and the tokens left (refilled up to the take's time). */
    record Take(boolean granted, double tokens) {}

    /**
     * Takes a token in one statement: a new bucket starts full; an existing one, locked by the update, is refilled,
     * then gives a token if it has a whole one. (Every SET expression reads the bucket as it was.)
     */
    @SqlQuery("INSERT INTO rate_bucket AS b (limiter, bucket_key, tokens, updated_at, granted) "
            + "VALUES (:limiter, :key, :burst - 1, " + NOW + ", TRUE) "
            + "ON CONFLICT (limiter, bucket_key) DO UPDATE SET "
            + "tokens = CASE WHEN " + REFILLED + " >= 1 THEN " + REFILLED + " - 1 ELSE " + REFILLED + " END, "
            + "granted = " + REFILLED + " >= 1, "
            + "updated_at = GREATEST(EXCLUDED.updated_at, b.updated_at) "
            + "RETURNING granted, tokens")
    Take take(@Bind("limiter") String limiter, @Bind("key") String key, @Bind("burst") double burst,
              @Bind("perMicro") double tokensPerMicro);

    /** Deletes the limit's buckets that have refilled completely (a new bucket is the same); answers how many. */
    @SqlUpdate("DELETE FROM rate_bucket WHERE limiter = :limiter "
            + "AND tokens + (" + NOW + " - updated_at) * :perMicro >= :burst")
    int purgeFull(@Bind("limiter") String limiter, @Bind("burst") double burst, @Bind("perMicro") double tokensPerMicro);
}
