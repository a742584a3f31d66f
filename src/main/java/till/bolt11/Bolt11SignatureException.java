package till.bolt11;

/** The invoice is well formed but its signature is not the payee's: it does not verify or cannot be recovered. */
public class Bolt11SignatureException extends Bolt11Exception {

    public Bolt11SignatureException(String reason) {
        super(reason);
    }
}
