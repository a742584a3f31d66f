package till.bolt11;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A BOLT #11 invoice. {@code fields} are the tagged fields in wire order, including ones this code does
 * not interpret, so that encoding a decoded invoice reproduces it; the accessors below read them.
 * {@code payeeNodeId} and {@code signature} (hex of r || s || recovery id) are null until signed.
 */
public record Bolt11Invoice(
        Network network,
        Long amountMsat,
        long timestamp,
        List<TaggedField> fields,
        String payeeNodeId,
        String signature) {

    static final long DEFAULT_EXPIRY_SECONDS = 3600;
    static final int DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18;
    /** The timestamp is seven 5-bit groups. */
    static final long MAX_TIMESTAMP = (1L << 35) - 1;

    /** Lengths in 5-bit groups; a p, h, s or n field of any other length must be ignored by readers. */
    static final int HASH_GROUPS = 52;
    static final int NODE_ID_GROUPS = 53;

    private static final HexFormat HEX = HexFormat.of();
    private static final int ROUTE_HOP_BYTES = 33 + 8 + 4 + 4 + 2;

    public Bolt11Invoice {
        if (network == null) {
            throw new IllegalArgumentException("network is required");
        }
        if (amountMsat != null) {
            Amount.requireValid(amountMsat);
        }
        if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp out of range: " + timestamp);
        }
        fields = List.copyOf(fields);
    }

    /**
     * A fresh unsigned invoice with Core Lightning's field order (s, p, d, x, c, 9), so that what the
     * simulated node hands out looks like what a real node would. x and c are left out at their defaults,
     * as Core Lightning does; {@code featuresHex} null or all-zero leaves out the 9 field.
     */
    public static Bolt11Invoice forPayment(Network network, Long amountMsat, long timestamp,
                                           String paymentHashHex, String paymentSecretHex, String description,
                                           long expirySeconds, int minFinalCltvExpiry, String featuresHex) {
        return forPayment(network, amountMsat, timestamp, paymentHashHex, paymentSecretHex,
                TaggedField.ofBytes('d', description.getBytes(StandardCharsets.UTF_8)), expirySeconds,
                minFinalCltvExpiry, featuresHex);
    }

    /** {@link #forPayment} with the description's SHA-256 (an h field, where the d field would be) instead of it. */
    public static Bolt11Invoice forPaymentHashingDescription(Network network, Long amountMsat, long timestamp,
                                                             String paymentHashHex, String paymentSecretHex,
                                                             byte[] descriptionSha256, long expirySeconds,
                                                             int minFinalCltvExpiry, String featuresHex) {
        return forPayment(network, amountMsat, timestamp, paymentHashHex, paymentSecretHex,
                TaggedField.ofBytes('h', descriptionSha256), expirySeconds, minFinalCltvExpiry, featuresHex);
    }

    private static Bolt11Invoice forPayment(Network network, Long amountMsat, long timestamp, String paymentHashHex,
                                            String paymentSecretHex, TaggedField description, long expirySeconds,
                                            int minFinalCltvExpiry, String featuresHex) {
        List<TaggedField> fields = new ArrayList<>();
        fields.add(TaggedField.ofBytes('s', bytes32("payment secret", paymentSecretHex)));
        fields.add(TaggedField.ofBytes('p', bytes32("payment hash", paymentHashHex)));
        fields.add(description);
        if (expirySeconds != DEFAULT_EXPIRY_SECONDS) {
            fields.add(TaggedField.ofNumber('x', expirySeconds));
        }
        if (minFinalCltvExpiry != DEFAULT_MIN_FINAL_CLTV_EXPIRY) {
            fields.add(TaggedField.ofNumber('c', minFinalCltvExpiry));
        }
        if (featuresHex != null) {
            byte[] features = FeatureBits.toGroups(featuresHex);
            if (features.length > 0) {
                fields.add(TaggedField.ofGroups('9', features));
            }
        }
        return new Bolt11Invoice(network, amountMsat, timestamp, fields, null, null);
    }

    public String paymentHash() {
        return hexOf('p', HASH_GROUPS);
    }

    public String paymentSecret() {
        return hexOf('s', HASH_GROUPS);
    }

    public String descriptionHash() {
        return hexOf('h', HASH_GROUPS);
    }

    public String metadata() {
        return first('m').map(f -> HEX.formatHex(f.bytes())).orElse(null);
    }

    /** The {@code d} field; strict UTF-8 so a garbled description is an error, not replacement characters. */
    public String description() {
        Optional<TaggedField> d = first('d');
        if (d.isEmpty()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(d.get().bytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Bolt11Exception("description (d field) is not valid UTF-8");
        }
    }

    public long expirySeconds() {
        return first('x').map(TaggedField::number).orElse(DEFAULT_EXPIRY_SECONDS);
    }

    public long expiresAt() {
        return timestamp + expirySeconds();
    }

    public boolean isExpired(long nowUnixSeconds) {
        return nowUnixSeconds > expiresAt();
    }

    public long minFinalCltvExpiry() {
        return first('c').map(TaggedField::number).orElse((long) DEFAULT_MIN_FINAL_CLTV_EXPIRY);
    }

    public String featuresHex() {
        return first('9').map(f -> FeatureBits.toHex(f.groups())).orElse(null);
    }

    /** Fallbacks with a version readers know (0-18); others must be skipped. */
    public List<FallbackAddress> fallbackAddresses() {
        return fields.stream()
                .filter(f -> f.type() == 'f' && f.length() > 0)
                .map(f -> {
                    byte[] groups = f.groups();
                    byte[] program = Bech32.toBytes(Arrays.copyOfRange(groups, 1, groups.length));
                    return new FallbackAddress(groups[0], HEX.formatHex(program));
                })
                .filter(a -> a.version() <= 18)
                .toList();
    }

    /** One list of hops per {@code r} field. */
    public List<List<RouteHop>> routeHints() {
        return fields.stream().filter(f -> f.type() == 'r').map(Bolt11Invoice::routeHops).toList();
    }

    /** The node id the {@code n} field states, or null: when present the signature is checked against it. */
    String statedNodeId() {
        return hexOf('n', NODE_ID_GROUPS);
    }

    private static List<RouteHop> routeHops(TaggedField field) {
        byte[] bytes = field.bytes();
        if (bytes.length == 0 || bytes.length % ROUTE_HOP_BYTES != 0) {
            throw new Bolt11Exception("route hint (r field) of " + bytes.length
                    + " bytes is not a whole number of " + ROUTE_HOP_BYTES + "-byte hops");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<RouteHop> hops = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] pubkey = new byte[33];
            in.get(pubkey);
            long scid = in.getLong();
            String shortChannelId = (scid >>> 40) + "x" + ((scid >>> 16) & 0xffffff) + "x" + (scid & 0xffff);
            hops.add(new RouteHop(HEX.formatHex(pubkey), shortChannelId,
                    Integer.toUnsignedLong(in.getInt()), Integer.toUnsignedLong(in.getInt()),
                    Short.toUnsignedInt(in.getShort())));
        }
        return hops;
    }

    private Optional<TaggedField> first(char type) {
        return fields.stream().filter(f -> f.type() == type).findFirst();
    }

    /** The first field of {@code type} with the required length, as hex; wrong-length ones are skipped. */
    private String hexOf(char type, int groups) {
        return fields.stream()
                .filter(f -> f.type() == type && f.length() == groups)
                .findFirst()
                .map(f -> HEX.formatHex(f.bytes()))
                .orElse(null);
    }

    private static byte[] bytes32(String what, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        if (bytes.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + bytes.length);
        }
        return bytes;
    }
}
