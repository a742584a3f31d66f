package till;

import till.account.AccountService;
import till.account.Bpt;
import till.account.CreatedAccount;

/** What Till prints when it starts, and the demo account a first run on the simulated node gets. */
final class FirstRun {
    private FirstRun() {}

    /** Keys and ids to show once; any of them may be null (nothing new to show). */
    record Welcome(String adminKey, CreatedAccount demoAccount, Bpt demoBpt) {}

    /** On an empty database with the simulated node, creates a demo account and terminal to play with. */
    static Welcome prepare(boolean simulated, AccountService accounts, String generatedAdminKey) {
        if (!simulated || !accounts.listAccounts().isEmpty()) {
            return new Welcome(generatedAdminKey, null, null);
        }
        CreatedAccount account = accounts.createAccount("Demo shop", null);
        Bpt bpt = accounts.createBpt(account.id(), "Demo counter", 100, null);
        return new Welcome(generatedAdminKey, account, bpt);
    }

    static String banner(String url, boolean simulated, Welcome welcome) {
        StringBuilder out = new StringBuilder("\n");
        out.append("Till is running at ").append(url).append("\n");
        out.append("  dashboard: ").append(url).append("/dashboard\n");
        out.append("  health:    ").append(url).append("/health\n");
        if (simulated) {
            out.append("  SIMULATED — no real money (set CLN_REST_URL and CLN_RUNE to use a real Core Lightning node)\n");
        }
        if (welcome.adminKey() != null) {
            out.append("\nAdmin key (shown once, keep it safe): ").append(welcome.adminKey()).append("\n");
        }
        if (welcome.demoAccount() != null) {
            String bpt = welcome.demoBpt().id();
            out.append("Demo account ").append(welcome.demoAccount().id())
                    .append(", API key (shown once): ").append(welcome.demoAccount().apiKey()).append("\n");
            out.append("Demo terminal (BPT) id: ").append(bpt).append("\n\n");
            out.append("Click:\n");
            out.append("  the demo terminal's point of sale: ").append(url).append("/pos/").append(bpt).append("\n");
            out.append("  the dashboard: ").append(url).append("/dashboard — paste the demo account's API key to see its shop")
                    .append(welcome.adminKey() != null ? ", or the admin key for the operator's view" : "").append("\n\n");
            out.append("Try it:\n");
            out.append("  curl -s -X POST ").append(url).append("/invoice/add -H 'Content-Type: application/json' \\\n")
                    .append("       -d '{\"bptId\": \"").append(bpt).append("\", \"amountMsat\": 3000, \"tag\": \"coffee\"}'\n");
            out.append("  curl -s -X POST ").append(url).append("/simulator/pay/<invoiceHash from the answer>\n");
            out.append("  curl -s ").append(url).append("/invoice/from-hash/<invoiceHash> -H 'Authorization: ")
                    .append(welcome.demoAccount().apiKey()).append("'\n");
        } else if (welcome.adminKey() != null) {
            out.append("Sign in to the dashboard (").append(url).append("/dashboard) with the admin key for the operator's view.\n");
        }
        return out.toString();
    }
}
