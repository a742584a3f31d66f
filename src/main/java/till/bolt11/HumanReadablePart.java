package till.bolt11;

/** {@code ln} + currency prefix + optional amount: everything before an invoice's last {@code 1}. */
record HumanReadablePart(Network network, Long amountMsat) {

    private static final String LIGHTNING = "ln";

    static HumanReadablePart parse(String hrp) {
        if (!hrp.startsWith(LIGHTNING)) {
            throw new Bolt11Exception("not a lightning invoice: prefix '" + hrp + "' does not start with 'ln'");
        }
        String rest = hrp.substring(LIGHTNING.length());
        Network network = Network.matchPrefix(rest).orElseThrow(() -> new Bolt11Exception(
                "unknown network prefix in '" + hrp + "' (expected lnbc, lntb, lntbs or lnbcrt)"));
        return new HumanReadablePart(network, Amount.parseMsat(rest.substring(network.hrpPrefix().length())));
    }

    @Override
    public String toString() {
        return LIGHTNING + network.hrpPrefix() + Amount.format(amountMsat);
    }
}
