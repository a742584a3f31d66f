package till.dashboard.operator;

import java.time.Instant;

/**
 * An account with its totals from the ledger: what it received (credited after the processing fee, unmatched
 * payments included) in how many payments, and what left its balance for payments (routing fees included; a
 * payment in flight counts with its reservation until it ends).
 */
public record AccountSummary(String id, String name, int feePpm, long balanceMsat, Instant createdAt, long receivedMsat,
                             long receivedCount, long paidOutMsat) {}
