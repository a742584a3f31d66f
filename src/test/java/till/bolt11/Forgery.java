package till.bolt11;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.crypto.ECKey;

/** Forged bolt11s for tests: what {@link Bolt11#encode} refuses to make. */
public final class Forgery {
    private Forgery() {}

    /**
     * The invoice's fields (its payment hash) with another amount and an {@code n} field naming {@code statedNodeId},
     * signed over exactly that by {@code key}, which is not that node's key.
     */
    public static String namingAnotherNode(String bolt11, long amountMsat, String statedNodeId, ECKey key) {
        Bolt11Invoice original = Bolt11.decode(bolt11);
        List<TaggedField> fields = new ArrayList<>(original.fields());
        fields.add(TaggedField.ofBytes('n', HexFormat.of().parseHex(statedNodeId)));
        String hrp = new HumanReadablePart(original.network(), amountMsat).toString();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Bech32.fromNumber(original.timestamp(), 7));
        for (TaggedField field : fields) {
            data.write(Bech32.CHARSET.indexOf(field.type()));
            data.write(field.length() >>> 5);
            data.write(field.length() & 31);
            data.writeBytes(field.groups());
        }
        byte[] signature = InvoiceSignature.sign(InvoiceSignature.hash(hrp, data.toByteArray()), key);
        data.writeBytes(Bech32.toFiveBit(signature));
        return Bech32.encode(hrp, data.toByteArray());
    }
}
