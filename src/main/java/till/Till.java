package till;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.AdminKey;
import till.account.AdminKeyStore;
import till.bolt11.Network;
import till.charge.ChargeService;
import till.fiat.FixedRates;
import till.fiat.LiveRates;
import till.fiat.Rates;
import till.fiat.RatesSetting;
import till.cli.Cli;
import till.cluster.LeaseKeeper;
import till.cluster.ProcessIdentity;
import till.cluster.ProcessRegistry;
import till.cluster.WatcherLease;
import till.cli.TillStarter;
import till.config.Config;
import till.config.Version;
import till.dashboard.Dashboard;
import till.dashboard.DashboardLayout;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSessions;
import till.dashboard.SignInLimits;
import till.dashboard.shop.KeysSection;
import till.dashboard.shop.PayoutsSection;
import till.dashboard.shop.TerminalsSection;
import till.dashboard.operator.OperatorSection;
import till.dashboard.operator.OperatorView;
import till.dashboard.money.LiveMoney;
import till.dashboard.money.MoneySection;
import till.dashboard.money.ShopMoney;
import till.files.OwnerOnly;
import till.invoice.InvoiceCore;
import till.invoice.PaymentWatcher;
import till.metrics.MetricsEndpoint;
import till.metrics.TillMetrics;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeInfo;
import till.node.NodeRpcException;
import till.node.NodeWallet;
import till.node.cln.ClnNode;
import till.node.cln.ClnRestClient;
import till.node.cln.NodePermissions;
import till.node.sim.SimNode;
import till.onchain.OnchainPayments;
import till.onchain.OnchainWatcher;
import till.payment.IdempotencyKeys;
import till.payment.OutgoingPayments;
import till.payment.PaymentHandlers;
import till.payment.PaymentResolver;
import till.ratelimit.RateLimiters;
import till.refund.RefundService;
import till.refund.RefundSettlement;
import till.store.Database;
import till.task.Closer;
import till.web.AccountFormFields;
import till.web.Api;
import till.web.ApiServices;
import till.web.CreationLimits;
import till.web.ShopForms;
import till.webhook.RetrySchedule;
import till.webhook.WebhookDispatcher;
import till.webhook.WebhookLog;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;
import till.withdrawal.WithdrawalCallbacks;

/**
 * Till: reads the configuration, wires everything with plain constructors, starts and stops. Constructors start no
 * thread; {@link #start} opens and starts the parts in order, each registered with one {@link Closer}, so that a start
 * failing half-way (a port in use, a refused rune) closes what it had opened, and {@link #close} closes every part
 * in reverse order even when one of them throws.
 */
public final class Till implements TillStarter.Running {
    private static final Logger log = LoggerFactory.getLogger(Till.class);
    /** How long one long poll for the node's next payment lasts before it is renewed. */
    static final int WATCH_POLL_SECONDS = 30;
    /** How often in-flight payments nobody is waiting for are checked with the node. */
    static final Duration RESOLVE_EVERY = Duration.ofSeconds(3);

    private final Config config;
    private final Closer parts = new Closer();
    private SimNode simNode;
    private LightningNode node;
    /** False when the rune was checked and refuses the node wallet's methods. */
    private boolean runePermitsOnchain = true;
    /** What the node said of itself at start; null when it did not answer then. */
    private NodeInfo nodeInfo;
    private Api api;
    private FirstRun.Welcome welcome;

    private Till(Config config) {
        this.config = config;
    }

    /** Starts Till; throws {@link Config.Invalid} or an exception naming what failed, having closed what it opened. */
    public static Till start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /** With a clock of the caller's: tests move time forward instead of waiting for expiries. */
    public static Till start(Config config, Clock clock) {
        return start(config, clock, pages -> List.of());
    }

    /** With dashboard sections of the caller's beside Till's own: a test's routes under {@code /dashboard}. */
    public static Till start(Config config, Clock clock, Function<DashboardPages, List<DashboardSection>> moreSections) {
        Till till = new Till(config);
        try {
            till.open(clock, moreSections);
            return till;
        } catch (RuntimeException | Error e) {
            till.parts.closeAfter(e);
            throw e;
        }
    }

    private void open(Clock clock, Function<DashboardPages, List<DashboardSection>> moreSections) {
        try {
            // Owner-only: the directory holds webhook secrets and key hashes, whatever the umask.
            OwnerOnly.directory(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        Database database = parts.add(Database.open(config.dataDir(), config.database()));
        log.info("This is Till process {} on the {} database {}", config.processName(), database.kind().label(),
                database.location());
        ProcessRegistry registry = parts.add(new ProcessRegistry(database.jdbi(),
                ProcessIdentity.named(config.processName()), ProcessRegistry.Settings.DEFAULT,
                database.kind() == Database.Kind.H2)).start();
        TillMetrics metrics = parts.add(new TillMetrics(clock));
        ClnRestClient client;
        if (config.simulated()) {
            simNode = parts.add(SimNode.start(0, config.dataDir().resolve("sim-node"), clock));
            client = new ClnRestClient(new ClnRestClient.Config(simNode.baseUrl(), "simulated", null, false), metrics.nodeCalls());
        } else {
            client = new ClnRestClient(new ClnRestClient.Config(config.clnRestUrl(), config.clnRune(),
                    config.clnCaCert(), config.clnTlsInsecure()), metrics.nodeCalls());
        }
        node = parts.add(new ClnNode(client));
        describeNode(client);
        AdminKey.Bootstrap admin = AdminKey.load(AdminKeyStore.of(database, config.dataDir()), config.adminKey());
        AccountService accounts = new AccountService(database.jdbi(), clock, config.feePpm());
        WebhookOutbox outbox = new WebhookOutbox(clock);
        WebhookUrlGuard webhookGuard = new WebhookUrlGuard(config.webhookAllowPrivate());
        InvoiceCore invoices = parts.add(InvoiceCore.wire(database, node, accounts, outbox, webhookGuard, clock)).start();
        invoices.events().addLocalListener(metrics.invoices(clock));
        invoices.unmatched().addListener(metrics.unmatchedPayments());
        OutgoingPayments payments = parts.add(new OutgoingPayments(database.jdbi(), node, accounts, invoices, clock,
                OutgoingPayments.Settings.DEFAULT, new PaymentHandlers(registry.self().id(), registry::alive)));
        WithdrawalCallbacks withdrawalCallbacks = new WithdrawalCallbacks(outbox, webhookGuard);
        payments.addListener(withdrawalCallbacks);
        IdempotencyKeys idempotencyKeys = new IdempotencyKeys(database.jdbi(), clock);
        WebhookDispatcher dispatcher = parts.add(new WebhookDispatcher(database.jdbi(), outbox, webhookGuard,
                new RetrySchedule(config.webhookRetrySchedule()), clock, "Till/" + Version.current(),
                config.webhookMaxPerHost()));
        Optional<NodeWallet> wallet = onchainWallet();
        OnchainPayments onchain = new OnchainPayments(invoices, config.onchainConfirmations(), wallet);
        WatcherJobs jobs = new WatcherJobs(invoices.nodePayments()::cursor, onchain.confirmations(), clock);
        Rates rates = rates(clock);
        ChargeService charges = new ChargeService(database.jdbi(), invoices, onchain, outbox, rates, clock);
        RefundService refunds = new RefundService(database.jdbi(), wallet, onchain,
                () -> Network.fromClnName(node.info().network()), clock);
        Supplier<OnchainWatcher> chainWatchers = wallet.<Supplier<OnchainWatcher>>map(w -> {
            RefundSettlement refundSettlement = new RefundSettlement(database.jdbi(), w, refunds, charges, clock);
            return () -> new OnchainWatcher(w, onchain, refundSettlement::settle);
        }).orElse(null);
        LeaseKeeper lease = new LeaseKeeper(WatcherLease.of(database), registry, () -> jobs.track(
                startWatcherJobs(invoices, chainWatchers, onchain, new PaymentResolver(payments, idempotencyKeys, RESOLVE_EVERY))));
        metrics.watch(database.jdbi(), jobs::watcherStatus, lease::holds, dispatcher);
        ApiServices services = new ApiServices(accounts, admin.key(), invoices, new WebhookLog(database.jdbi(), outbox),
                charges, refunds, payments, idempotencyKeys, database, node, jobs::watcherStatus,
                wallet.isPresent() ? jobs::onchainStatus : null, lease, simNode,
                new MetricsEndpoint(metrics, config.metricsKey()), rates, withdrawalCallbacks);
        // With PostgreSQL other Till processes may share the database: the budgets are kept there, one for all of them.
        RateLimiters limiters = database.kind() == Database.Kind.POSTGRESQL ? RateLimiters.shared(database.jdbi())
                : RateLimiters.local();
        CreationLimits limits = new CreationLimits(limiters, config.rateLimitPerTerminal(), config.rateLimitPerAddress(),
                config.rateLimitRedeliver());
        api = parts.add(new Api(services,
                new ApiServices.Settings(this::publicUrl, Version.current(), limits, config.httpIdleTimeout(),
                        config.webSockets(), clock),
                dashboard(services, clock, limits, limiters, moreSections)::register));
        welcome = FirstRun.prepare(config.simulated(), accounts, admin.generatedKey());
        api.start(config.host(), config.port());
        parts.add(lease).start();
        dispatcher.start();
    }

    /**
     * The jobs of the process holding the watcher lease, fresh ones at each taking: the payment watcher (from the saved
     * cursor), the on-chain watcher and its bitcoind peer, the invoice expirer, and the payment resolver. A start
     * failing half-way stops what it had started.
     */
    private WatcherJobs.Running startWatcherJobs(InvoiceCore invoices, Supplier<OnchainWatcher> chainWatchers,
                                                 OnchainPayments onchain, PaymentResolver resolver) {
        Closer jobs = new Closer();
        try {
            PaymentWatcher watcher = jobs.add(invoices.watcher(WATCH_POLL_SECONDS));
            watcher.start();
            OnchainWatcher chainWatcher = null;
            if (chainWatchers != null) {
                chainWatcher = jobs.add(chainWatchers.get());
                chainWatcher.start();
                startPeer(jobs, chainWatcher, onchain);
            }
            jobs.add(invoices.expirer()).start();
            jobs.add(resolver).start();
            return new WatcherJobs.Running(watcher, chainWatcher, jobs);
        } catch (RuntimeException | Error e) {
            jobs.closeAfter(e);
            throw e;
        }
    }

    /**
     * The dashboard, served beside the API over the same services: its sign-in and sessions, and its sections (Till's
     * own, then the caller's), each drawn with the one layout.
     */
    private Dashboard dashboard(ApiServices services, Clock clock, CreationLimits limits, RateLimiters limiters,
                                Function<DashboardPages, List<DashboardSection>> moreSections) {
        DashboardLayout layout = new DashboardLayout(config.simulated(), services.accounts());
        List<DashboardSection> sections = new ArrayList<>();
        ShopMoney money = new ShopMoney(services.database().jdbi(), clock);
        LiveMoney live = parts.add(new LiveMoney(money, clock)).start();
        services.invoices().events().addListener(live);
        sections.add(new MoneySection(money, live, services.webhooks(), services.accounts(), layout, limits));
        ShopForms forms = new ShopForms(services.rates());
        sections.add(new TerminalsSection(layout, services.accounts(), forms, services.rates(), this::publicUrl));
        sections.add(new PayoutsSection(layout, services.accounts(), services.payments(), services.idempotencyKeys(), forms));
        sections.add(new KeysSection(layout, services.accounts().keys(), forms));
        sections.add(new OperatorSection(layout, new OperatorView(services.database().jdbi(), clock, services.node(),
                services.watcher(), services.onchain(), services.rates(), Version.current()), services.accounts(),
                new AccountFormFields()));
        sections.addAll(moreSections.apply(layout));
        return new Dashboard(new DashboardSessions(services.database().jdbi(), services.adminKey(), clock),
                services.adminKey(), services.accounts().keys(), layout, SignInLimits.of(limiters, config.rateLimitSignIn()),
                this::publicUrl, clock, sections);
    }

    /**
     * Where prices in fiat come from (TILL_RATES_SOURCE): a live public source, whose background refresh starts here
     * (it fetches nothing until a fiat price is first asked for); the shop's fixed prices; or the simulated ones.
     */
    private Rates rates(Clock clock) {
        if (config.rates() instanceof RatesSetting.Live live) {
            log.info("Prices in fiat: rates from {} ({}), refreshed every {} s, refused once older than {} s",
                    live.provider().title(), live.provider().id(), live.refreshEvery().toSeconds(), live.maxAge().toSeconds());
            return parts.add(new LiveRates(live, "Till/" + Version.current(), clock)).start();
        }
        if (config.rates() instanceof RatesSetting.Fixed fixed) {
            return new FixedRates("fixed", fixed.prices(), clock.instant());
        }
        return FixedRates.simulated(clock.instant());
    }

    /**
     * The node's wallet when charges get addresses: TILL_ONCHAIN unset, when the node has one and the rune permits its
     * methods; true, required (Till refuses to start without); false, never.
     */
    private Optional<NodeWallet> onchainWallet() {
        if (Boolean.FALSE.equals(config.onchain())) {
            log.info("On-chain payments are off (TILL_ONCHAIN=false): charges are paid over Lightning only");
            return Optional.empty();
        }
        if (node instanceof NodeWallet wallet && runePermitsOnchain) {
            log.info("On-chain payments are on: charges get an address of the node's wallet, paid at {} confirmation(s){}",
                    config.onchainConfirmations(), config.bitcoinPeer() == null && !config.simulated()
                            ? "; no TILL_BITCOIN_PEER, so unconfirmed payments are not seen" : "");
            return Optional.of(wallet);
        }
        if (Boolean.TRUE.equals(config.onchain())) {
            throw new Config.Invalid("TILL_ONCHAIN=true but CLN_RUNE does not permit the on-chain methods ("
                    + String.join(", ", NodePermissions.onchainMethods()) + "); make a rune for Till with: "
                    + NodePermissions.createRuneCommand());
        }
        return Optional.empty();
    }

    /**
     * The bitcoind peer (TILL_BITCOIN_PEER; with the embedded simulated node, by default its simulated bitcoind) for
     * unconfirmed payments, on the node's network (started once the node answers, if it did not at start); without
     * one, payments are seen once mined.
     */
    private void startPeer(Closer jobs, OnchainWatcher chainWatcher, OnchainPayments onchain) {
        InetSocketAddress address = config.bitcoinPeer();
        if (address == null && simNode != null) {
            address = InetSocketAddress.createUnresolved("127.0.0.1", simNode.peerPort());
        }
        if (address == null) {
            return;
        }
        chainWatcher.expectPeer();
        // From the last block it showed before a restart: one mined meanwhile may double-spend a pending payment.
        jobs.add(new PeerStarter(node, address, chainWatcher, onchain.lastBlockHash().orElse(null))).start(nodeInfo);
    }

    private void describeNode(ClnRestClient client) {
        if (config.simulated()) {
            log.warn("SIMULATED — no real money: no CLN_REST_URL is set, so Till runs its own simulated Core Lightning node");
        }
        try {
            NodeInfo info = node.info();
            nodeInfo = info;
            log.info("Core Lightning node {} ({}) on {}, block height {}, {}", info.id(), info.alias(), info.network(),
                    info.blockheight(), info.version());
            if (!config.simulated()) {
                checkRune(client);
            }
        } catch (NodeException e) {
            if (e instanceof NodeRpcException rpc && rpc.accessDenied()) {
                throw new Config.Invalid("the node refuses CLN_RUNE (" + e.getMessage() + "); make a rune for Till with: "
                        + NodePermissions.createRuneCommand());
            }
            log.warn("The node is not answering yet ({}); Till starts anyway and keeps trying", e.getMessage());
        }
    }

    /**
     * Refuses to start with a rune that lacks a Lightning method Till calls: better now than at the first payment.
     * A rune without the on-chain methods only leaves on-chain payments off.
     */
    private void checkRune(ClnRestClient client) {
        NodePermissions.Check check = NodePermissions.check(client);
        if (!check.refusedLightning().isEmpty()) {
            throw new Config.Invalid("CLN_RUNE does not permit " + String.join(", ", check.refusedLightning())
                    + ", which Till needs; make a rune for Till with: " + NodePermissions.createRuneCommand());
        }
        log.info("CLN_RUNE permits every Lightning method Till calls ({})", String.join(", ", NodePermissions.requiredMethods()));
        runePermitsOnchain = check.onchainPermitted();
        if (!check.onchainPermitted()) {
            log.warn("CLN_RUNE does not permit {}: no on-chain payments, and the operator's view cannot show the node's "
                    + "channels; a rune for them: {}",
                    String.join(", ", check.refusedOnchain()), NodePermissions.createRuneCommand());
        }
    }

    public int port() {
        return api.port();
    }

    /** The URL people and links use: TILL_PUBLIC_URL, or where Till listens. */
    public String publicUrl() {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port();
    }

    /** The embedded simulated node, or null with a real node. */
    public SimNode simNode() {
        return simNode;
    }

    FirstRun.Welcome welcome() {
        return welcome;
    }

    /** Closes every part, the last started first; a part that throws does not keep the others open. */
    @Override
    public void close() {
        parts.close();
    }

    public static void main(String[] args) throws InterruptedException {
        // Loud, not silent: a background thread that ends on an uncaught throwable says so in the log.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                log.error("Thread {} stopped on an uncaught {}", thread.getName(), error.toString(), error));
        if (args.length > 0 && args[0].equals("sim-node")) {
            SimNode.runStandalone(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(till.bench.Bench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0) {
            System.exit(Cli.run(args, System.getenv(), System.out, System.err, Till::start));
        }
        Till till;
        try {
            till = start(Config.load(System.getenv()));
        } catch (Config.Invalid e) {
            System.err.println("till: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Database.NotWritableException e) {
            System.err.println("till: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            log.error("Till could not start", e);
            System.err.println("till: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(till::close, "shutdown"));
        System.out.println(FirstRun.banner(till.publicUrl(), till.config.simulated(), till.welcome));
    }
}
