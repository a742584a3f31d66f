package till.bolt11;

/** One hop of a private route hint ({@code r} field), leading towards the payee. */
public record RouteHop(
        String pubkey,
        String shortChannelId,
        long feeBaseMsat,
        long feeProportionalMillionths,
        int cltvExpiryDelta) {
}
