package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseSettingTest {
    @Test
    void withoutAUrlTillUsesTheEmbeddedFile() {
        assertTrue(DatabaseSetting.of(null, null, null).embedded());
        assertThrows(DatabaseSetting.Invalid.class, () -> DatabaseSetting.of(null, "till", null));
        assertThrows(DatabaseSetting.Invalid.class, () -> DatabaseSetting.of(null, null, "secret"));
    }

    @Test
    void onlyAPostgresqlJdbcUrlIsTaken() {
        assertFalse(DatabaseSetting.of("jdbc:postgresql://127.0.0.1:5432/till", "till", "pw").embedded());
        for (String url : new String[] {"postgresql://127.0.0.1/till", "jdbc:h2:file:/tmp/x", "jdbc:postgresql://",
                "jdbc:mysql://127.0.0.1/till"}) {
            DatabaseSetting.Invalid refused = assertThrows(DatabaseSetting.Invalid.class, () -> DatabaseSetting.of(url, null, null));
            assertTrue(refused.getMessage().startsWith("TILL_DATABASE_URL must be a PostgreSQL JDBC URL"), refused.getMessage());
        }
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() {
        DatabaseSetting setting = DatabaseSetting.of(
                "jdbc:postgresql://db.example:5432/till?user=till&password=s3cret&sslmode=require", null, "other-secret");
        assertEquals("jdbc:postgresql://db.example:5432/till?user=till&password=***&sslmode=require", setting.displayUrl());
        assertFalse(setting.toString().contains("s3cret") || setting.toString().contains("other-secret"), setting.toString());
        assertEquals("jdbc:postgresql://db.example/till", DatabaseSetting.of("jdbc:postgresql://till:pw@db.example/till",
                null, null).displayUrl());
        DatabaseSetting.Invalid refused = assertThrows(DatabaseSetting.Invalid.class,
                () -> DatabaseSetting.of("postgres://till:hunter2@db/till?password=hunter2", null, null));
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    }
}
