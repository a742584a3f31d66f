package till.payment;

import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The processes that handle payments' calls: {@code self}, this one, written on each payment it starts; and the ones
 * alive now ({@code self} among them). A payment whose call another live process handles is that process's to finish;
 * one left by a process that is gone is the resolver's.
 */
public record PaymentHandlers(String self, Supplier<Set<String>> alive) {

    /** The only process on its database. */
    public static PaymentHandlers alone() {
        String self = UUID.randomUUID().toString();
        return new PaymentHandlers(self, () -> Set.of(self));
    }
}
