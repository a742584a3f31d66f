package till.web;

import till.ratelimit.Rate;
import till.ratelimit.RateLimiter;

/**
 * Caps invoice creation: a terminal id is a public credential, so anyone holding it could otherwise make the
 * node sign invoices as fast as it can. One budget per terminal (or per account, for charges) and one per
 * connecting address; behind a reverse proxy every client shares the proxy's address.
 */
public final class CreationLimits {
    private final RateLimiter perOwner;
    private final RateLimiter perAddress;

    public CreationLimits(Rate perTerminal, Rate perAddress) {
        this.perOwner = new RateLimiter(perTerminal);
        this.perAddress = new RateLimiter(perAddress);
    }

    public static CreationLimits off() {
        return new CreationLimits(Rate.OFF, Rate.OFF);
    }

    /** An invoice at a terminal: throws {@link RateLimited} when this address or this terminal is over its rate. */
    void terminal(String address, String bptId) {
        check(address, "bpt:" + bptId, "this terminal");
    }

    /** A charge of an account. */
    void account(String address, String accountId) {
        check(address, "account:" + accountId, "this account");
    }

    private void check(String address, String ownerKey, String owner) {
        // The address first: a refused address does not spend the terminal's budget.
        refuseIfWaiting(perAddress.tryAcquire(address), "your address");
        refuseIfWaiting(perOwner.tryAcquire(ownerKey), owner);
    }

    private static void refuseIfWaiting(long waitNanos, String who) {
        if (waitNanos > 0) {
            long seconds = RateLimiter.retryAfterSeconds(waitNanos);
            throw new RateLimited("Too many invoices for " + who + "; try again in " + seconds + " s", seconds);
        }
    }
}
