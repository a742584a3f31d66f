package till.dashboard;

import till.ratelimit.Rate;
import till.ratelimit.RateLimiter;
import till.ratelimit.RateLimiters;

/**
 * Caps sign-in attempts, right or wrong: per client address, and for all addresses together, so that guessing keys
 * from many addresses is slow too (keys carry 256 random bits: the cap mostly keeps the database's hash lookups cheap).
 * Behind a reverse proxy every client shares the proxy's address. With shared limiters both caps are the cluster's.
 */
public final class SignInLimits {
    /** Every shop of a Till signing in at the start of the day. */
    static final Rate OVERALL = Rate.parse("300/m,burst=100");
    private static final String ALL = "*";

    private final RateLimiter perAddress;
    private final RateLimiter overall;

    private SignInLimits(RateLimiters limiters, Rate perAddress, Rate overall) {
        this.perAddress = limiters.limiter("sign-in-address", perAddress);
        this.overall = limiters.limiter("sign-in", overall);
    }

    /** {@code perAddress} as configured (TILL_RATE_LIMIT_SIGN_IN); turned off, it turns the overall cap off too. */
    public static SignInLimits of(RateLimiters limiters, Rate perAddress) {
        return new SignInLimits(limiters, perAddress, perAddress.isOff() ? Rate.OFF : OVERALL);
    }

    /** Takes one attempt for this address: 0 when allowed, otherwise the seconds to wait (as {@code Retry-After}). */
    long attempt(String address) {
        // The address first: a refused address does not spend the overall budget.
        long wait = perAddress.tryAcquire(address);
        if (wait == 0) {
            wait = overall.tryAcquire(ALL);
        }
        return wait == 0 ? 0 : RateLimiter.retryAfterSeconds(wait);
    }
}
