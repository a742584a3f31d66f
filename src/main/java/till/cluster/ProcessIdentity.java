package till.cluster;

import java.util.UUID;

/**
 * This Till process: its {@code name} (TILL_PROCESS_NAME, for people: logs, /health) and its {@code id}, new at every
 * start, which the database knows it by (a process restarted under the same name is another process).
 */
public record ProcessIdentity(String id, String name) {

    /** A new process of that name. */
    public static ProcessIdentity named(String name) {
        return new ProcessIdentity(UUID.randomUUID().toString(), name);
    }
}
