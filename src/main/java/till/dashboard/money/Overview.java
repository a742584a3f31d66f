package till.dashboard.money;

import java.util.List;

/**
 * A shop's money at a glance: its balance, what it received today, this week (from Monday) and this month, and each
 * of the last {@value ShopMoney#CHART_DAYS} days, oldest first. Days are UTC days.
 */
public record Overview(long balanceMsat, Period today, Period week, Period month, List<DaySales> days) {
    /** How many transactions settled in a period and what they credited. */
    public record Period(long count, long receivedMsat) {
        static Period of(List<DaySales> days) {
            return new Period(days.stream().mapToLong(DaySales::count).sum(),
                    days.stream().mapToLong(DaySales::receivedMsat).sum());
        }
    }
}
