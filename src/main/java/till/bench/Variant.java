package till.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import till.store.Database;

/**
 * What a scenario runs on: the database and how many Till processes share it (and the one simulated node). H2, an
 * embedded file, admits one process.
 */
record Variant(@JsonIgnore Database.Kind database, int processes) {
    static final Variant H2 = new Variant(Database.Kind.H2, 1);

    Variant {
        if (processes < 1 || database == Database.Kind.H2 && processes != 1) {
            throw new IllegalArgumentException(database.label() + " with " + processes + " Till processes");
        }
    }

    /** As {@code /health} names it. */
    @JsonProperty("database")
    String databaseLabel() {
        return database.label();
    }

    /** {@code h2}, {@code postgresql}, {@code postgresql ×2}: as the tables name it. */
    @JsonProperty
    String label() {
        return database.label() + (processes == 1 ? "" : " ×" + processes);
    }
}
