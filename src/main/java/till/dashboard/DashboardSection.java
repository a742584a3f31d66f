package till.dashboard;

/** One part of the dashboard (the shop's money, its terminals, pay-outs, keys, the operator's view): its routes. */
public interface DashboardSection {
    void register(DashboardRouter router);
}
