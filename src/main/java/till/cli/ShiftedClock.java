package till.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock moved by an offset that can change: the sample is made in the past, then brought to now. */
final class ShiftedClock extends Clock {
    private volatile Duration offset;

    ShiftedClock(Duration offset) {
        this.offset = offset;
    }

    void shift(Duration newOffset) {
        offset = newOffset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
