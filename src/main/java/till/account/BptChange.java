package till.account;

/**
 * What a request changes of a terminal: {@code name} and {@code splitBitcoinPercentage} null where it keeps them; its
 * currency only when {@code changesCurrency}, to {@code currency} (null: satoshis); its Lightning address only when
 * {@code changesLightningName}, to {@code lightningName} (null: none); its webhook only when {@code changesWebhook}, to
 * {@code webhookUrl} and {@code webhookSecret} (null: none). Checked already by whoever read it.
 */
public record BptChange(String name, Integer splitBitcoinPercentage, boolean changesCurrency, String currency,
                        boolean changesLightningName, String lightningName, boolean changesWebhook, String webhookUrl,
                        String webhookSecret) {
    /** The terminal as this change leaves it. */
    public Bpt applyTo(Bpt bpt) {
        return new Bpt(bpt.id(), bpt.accountId(), name == null ? bpt.name() : name,
                splitBitcoinPercentage == null ? bpt.splitBitcoinPercentage() : splitBitcoinPercentage,
                changesCurrency ? currency : bpt.currency(), changesLightningName ? lightningName : bpt.lightningName(),
                changesWebhook ? webhookUrl : bpt.webhookUrl(), changesWebhook ? webhookSecret : bpt.webhookSecret());
    }
}
