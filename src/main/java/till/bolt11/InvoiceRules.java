package till.bolt11;

import java.util.OptionalInt;

/** BOLT #11 reader requirements on the tagged fields, checked before the signature. */
final class InvoiceRules {

    private InvoiceRules() {
    }

    static void check(Bolt11Invoice invoice) {
        if (invoice.paymentHash() == null) {
            throw new Bolt11Exception("missing payment hash (p field)");
        }
        if (invoice.paymentSecret() == null) {
            throw new Bolt11Exception("missing required payment secret (s field)");
        }
        if (invoice.description() == null && invoice.descriptionHash() == null) {
            throw new Bolt11Exception("missing description (d field) or description hash (h field)");
        }
        invoice.fields().stream().filter(f -> f.type() == '9').findFirst().ifPresent(features -> {
            OptionalInt unknown = FeatureBits.firstUnknownMandatory(features.groups());
            if (unknown.isPresent()) {
                throw new Bolt11Exception("invoice requires unknown feature bit " + unknown.getAsInt());
            }
        });
        // read once so that malformed numbers and route hints fail here, not later in a caller
        invoice.expirySeconds();
        invoice.minFinalCltvExpiry();
        invoice.routeHints();
    }
}
