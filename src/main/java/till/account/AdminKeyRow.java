package till.account;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin key's hash in the PostgreSQL database's one-row {@code admin_key} table: the first process to start
 * stores it, the others (and those started later, with data directories of their own) take it from there.
 */
final class AdminKeyRow implements AdminKeyStore {
    private final Jdbi jdbi;

    AdminKeyRow(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<String> hash() {
        return jdbi.withHandle(h -> h.createQuery("SELECT key_hash FROM admin_key WHERE id = 1").mapTo(String.class).findOne());
    }

    @Override
    public String storeIfAbsent(String hash) {
        // Processes starting together: the first insert wins, the others read its hash.
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO admin_key (id, key_hash, created_at) VALUES (1, :hash, :now)"
                + " ON CONFLICT (id) DO NOTHING").bind("hash", hash).bind("now", System.currentTimeMillis()).execute());
        return hash().orElseThrow();
    }

    @Override
    public void replace(String hash) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO admin_key (id, key_hash, created_at) VALUES (1, :hash, :now)"
                + " ON CONFLICT (id) DO UPDATE SET key_hash = EXCLUDED.key_hash, created_at = EXCLUDED.created_at")
                .bind("hash", hash).bind("now", System.currentTimeMillis()).execute());
    }
}
