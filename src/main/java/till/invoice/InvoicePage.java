package till.invoice;

import java.util.List;

/** One page of transactions, newest first; {@code next} is the cursor for the following page, or null. */
public record InvoicePage(List<Invoice> data, String next) {}
