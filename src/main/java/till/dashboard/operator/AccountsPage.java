package till.dashboard.operator;

import java.util.List;

/** One page of the accounts, newest first: {@code page} counts from 1, of {@code pages} (at least 1). */
public record AccountsPage(List<AccountSummary> accounts, int page, int pages, long total) {}
