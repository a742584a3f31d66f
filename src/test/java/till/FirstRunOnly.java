package till;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test of the embedded H2 file itself (its lock, its backup, its file on disk, upgrades of old files), or one that
 * starts PostgreSQL databases of its own: it runs in the suite's first run only, not again when every Till is on
 * PostgreSQL (see {@link TestDatabase}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = "till.test.database", matches = "postgresql",
        disabledReason = "about the embedded database, or has PostgreSQL databases of its own: runs in the first run only")
public @interface FirstRunOnly {
}
