package till.web;

import till.error.ErrorCode;
import till.error.Problem;
import till.ratelimit.Rate;
import till.ratelimit.RateLimiter;
import till.ratelimit.RateLimiters;

/**
 * Caps what a client can make Till do. Invoice creation: a terminal id is a public credential, so anyone holding
 * it could otherwise make the node sign invoices as fast as it can; one budget per terminal (or per account, for
 * charges) and one per connecting address; behind a reverse proxy every client shares the proxy's address.
 * Webhook redelivery: one budget per account, since each redelivery makes Till post to the shop's receiver.
 * Each budget is the whole cluster's when the limiters are shared by Till processes on one database.
 */
public final class CreationLimits {
    private final RateLimiter perOwner;
    private final RateLimiter perAddress;
    private final RateLimiter redeliveries;

    public CreationLimits(RateLimiters limiters, Rate perTerminal, Rate perAddress, Rate redeliveriesPerAccount) {
        this.perOwner = limiters.limiter("creation-owner", perTerminal);
        this.perAddress = limiters.limiter("creation-address", perAddress);
        this.redeliveries = limiters.limiter("redelivery", redeliveriesPerAccount);
    }

    /** An invoice at a terminal: throws {@link RateLimited} when this address or this terminal is over its rate. */
    void terminal(String address, String bptId) {
        check(address, "bpt:" + bptId, "this terminal");
    }

    /** A charge of an account. */
    void account(String address, String accountId) {
        check(address, "account:" + accountId, "this account");
    }

    /** A refund asked for on a checkout page: each attempt may make the node build a transaction. */
    void refund(String address, String chargeId) {
        check(address, "refund:" + chargeId, "this charge");
    }

    /** A webhook redelivery asked for by (or for) an account. */
    void redelivery(String accountId) {
        RateLimited.refuseIfWaiting(redeliveries.tryAcquire(accountId), "Too many webhook redeliveries for this account");
    }

    /** {@link #redelivery} for the dashboard's form: a refusal is the catalogue's 429, which it draws as a page. */
    public void redeliveryFromDashboard(String accountId) {
        try {
            redelivery(accountId);
        } catch (RateLimited refused) {
            throw Problem.of(ErrorCode.RATE_LIMITED, refused.getMessage());
        }
    }

    private void check(String address, String ownerKey, String owner) {
        // The address first: a refused address does not spend the terminal's budget.
        RateLimited.refuseIfWaiting(perAddress.tryAcquire(address), "Too many invoices for your address");
        RateLimited.refuseIfWaiting(perOwner.tryAcquire(ownerKey), "Too many invoices for " + owner);
    }
}
