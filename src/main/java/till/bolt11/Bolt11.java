package till.bolt11;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/** Decoding and signing BOLT #11 invoice strings. */
public final class Bolt11 {

    private static final int TIMESTAMP_GROUPS = 7;
    private static final int SIGNATURE_GROUPS = InvoiceSignature.BYTES * 8 / 5;
    /** One group of type, two of data_length. */
    private static final int FIELD_HEADER_GROUPS = 3;

    private Bolt11() {
    }

    /** Parses and checks {@code invoice}; expiry is left to {@link Bolt11Invoice#isExpired(long)}. */
    public static Bolt11Invoice decode(String invoice) {
        Bech32.Decoded bech32 = Bech32.decode(invoice.strip());
        HumanReadablePart hrp = HumanReadablePart.parse(bech32.hrp());
        byte[] data = bech32.data();
        if (data.length < TIMESTAMP_GROUPS + SIGNATURE_GROUPS) {
            throw new Bolt11Exception("invoice is too short to hold a timestamp and a signature");
        }
        int signatureStart = data.length - SIGNATURE_GROUPS;
        long timestamp = Bech32.toNumber(Arrays.copyOfRange(data, 0, TIMESTAMP_GROUPS));
        List<TaggedField> fields = parseFields(Arrays.copyOfRange(data, TIMESTAMP_GROUPS, signatureStart));
        Bolt11Invoice unsigned = new Bolt11Invoice(hrp.network(), hrp.amountMsat(), timestamp, fields, null, null);
        InvoiceRules.check(unsigned);

        byte[] signature = Bech32.toBytes(Arrays.copyOfRange(data, signatureStart, data.length));
        Sha256Hash hash = InvoiceSignature.hash(bech32.hrp(), Arrays.copyOf(data, signatureStart));
        String payee = InvoiceSignature.payee(hash, signature, unsigned.statedNodeId());
        return new Bolt11Invoice(hrp.network(), hrp.amountMsat(), timestamp, fields, payee,
                HexFormat.of().formatHex(signature));
    }

    /**
     * The invoice string for {@code invoice}'s network, amount, timestamp and fields, signed with
     * {@code privateKey}. Any payee or signature already in {@code invoice} is replaced by the new one.
     */
    public static String encode(Bolt11Invoice invoice, ECKey privateKey) {
        String stated = invoice.statedNodeId();
        String signer = HexFormat.of().formatHex(privateKey.getPubKeyPoint().getEncoded(true));
        if (stated != null && !stated.equals(signer)) {
            throw new IllegalArgumentException("the invoice's n field names " + stated + ", not the signing key " + signer);
        }
        String hrp = new HumanReadablePart(invoice.network(), invoice.amountMsat()).toString();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Bech32.fromNumber(invoice.timestamp(), TIMESTAMP_GROUPS));
        for (TaggedField field : invoice.fields()) {
            data.write(Bech32.CHARSET.indexOf(field.type()));
            data.write(field.length() >>> 5);
            data.write(field.length() & 31);
            data.writeBytes(field.groups());
        }
        byte[] unsignedData = data.toByteArray();
        byte[] signature = InvoiceSignature.sign(InvoiceSignature.hash(hrp, unsignedData), privateKey);
        data.writeBytes(Bech32.toFiveBit(signature));
        return Bech32.encode(hrp, data.toByteArray());
    }

    private static List<TaggedField> parseFields(byte[] groups) {
        List<TaggedField> fields = new ArrayList<>();
        int at = 0;
        while (at < groups.length) {
            if (groups.length - at < FIELD_HEADER_GROUPS) {
                throw new Bolt11Exception("truncated tagged field header at group " + at);
            }
            char type = Bech32.CHARSET.charAt(groups[at]);
            int length = groups[at + 1] << 5 | groups[at + 2];
            int start = at + FIELD_HEADER_GROUPS;
            if (start + length > groups.length) {
                throw new Bolt11Exception("tagged field '" + type + "' length " + length + " exceeds the invoice data");
            }
            fields.add(TaggedField.ofGroups(type, Arrays.copyOfRange(groups, start, start + length)));
            at = start + length;
        }
        return fields;
    }
}
