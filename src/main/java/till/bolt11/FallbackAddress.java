package till.bolt11;

/** An on-chain fallback ({@code f} field): witness version 0-16, or 17 = P2PKH / 18 = P2SH, and its hash or program. */
public record FallbackAddress(int version, String programHex) {
}
