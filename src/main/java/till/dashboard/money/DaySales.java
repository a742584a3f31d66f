package till.dashboard.money;

import java.time.LocalDate;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** What an account received on one UTC day: how many transactions settled, and what they credited (after Till's fee). */
public record DaySales(@ColumnName("epoch_day") long epochDay, long count, long receivedMsat) {
    public LocalDate day() {
        return LocalDate.ofEpochDay(epochDay);
    }

    static DaySales none(LocalDate day) {
        return new DaySales(day.toEpochDay(), 0, 0);
    }
}
