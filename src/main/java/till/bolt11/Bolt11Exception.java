package till.bolt11;

/** A string that is not a valid BOLT #11 invoice; {@link #reason()} says why in words a user can act on. */
public class Bolt11Exception extends RuntimeException {

    public Bolt11Exception(String reason) {
        super(reason);
    }

    public String reason() {
        return getMessage();
    }
}
