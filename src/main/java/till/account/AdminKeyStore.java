package till.account;

import java.nio.file.Path;
import java.util.Optional;
import till.store.Database;

/**
 * Where the admin key's hash is kept: beside the H2 file in the data directory (one process), or in the PostgreSQL
 * database, so that every process on it takes the same key whatever its data directory.
 */
public interface AdminKeyStore {

    /** The stored hash, if any. */
    Optional<String> hash();

    /** Stores {@code hash} unless a hash is stored already, and returns the one stored (this one or the earlier). */
    String storeIfAbsent(String hash);

    /** Replaces the stored hash (or stores it). */
    void replace(String hash);

    static AdminKeyStore of(Database database, Path dataDir) {
        return database.kind() == Database.Kind.H2 ? new AdminKeyFile(dataDir) : new AdminKeyRow(database.jdbi());
    }
}
