package till.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster, for the benchmark and the tests: Debian's {@code initdb} and {@code pg_ctl} make it
 * in a temporary directory and start it on a free loopback port (as the {@code postgres} OS user when running as root,
 * which PostgreSQL refuses); {@link #close()} (or, failing that, a shutdown hook) stops it and deletes the directory.
 * No pre-existing server is needed or touched.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    public static final String USER = "till";
    private static final String OS_USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private ThrowawayPostgres(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Debian's PostgreSQL programs (the newest installed), if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max((a, b) -> Integer.compare(major(a), major(b)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Makes and starts a cluster with the newest installed PostgreSQL; throws when none is installed. */
    public static ThrowawayPostgres start() {
        return start(binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (Debian: apt-get install postgresql)")));
    }

    private static ThrowawayPostgres start(Path bin) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("till-pg");
            if (root) {
                run(List.of("chown", OS_USER, dir.toString()), false);
            }
            int port = freePort();
            ThrowawayPostgres pg = new ThrowawayPostgres(dir, bin, port, root);
            Path data = dir.resolve("data");
            pg.runPg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                    "-E", "UTF8", "--no-sync", "--no-locale"));
            // fsync off and no full-page writes: a test cluster is thrown away, and tests wait on its commits.
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
                    + " -c shared_buffers=128MB";
            pg.runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                    "-o", options, "-w", "-t", "60", "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "stop-throwaway-postgres"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The server's process id (the backends are its children), from its {@code postmaster.pid}. */
    public long serverPid() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL for {@code database} on this cluster. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database of its own (for one test, one Till, one benchmark scenario). */
    public String newDatabase() {
        String name = "till_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        createDatabase(name);
        return name;
    }

    /** Creates {@code name} unless it exists already. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name, e);
        }
    }

    /** Drops {@code name} and whatever is still connected to it; a database that is gone already is no error. */
    public void dropDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the database " + name, e);
        }
    }

    /** The settings that point a Till at {@code database}. */
    public Map<String, String> env(String database) {
        return Map.of("TILL_DATABASE_URL", url(database), "TILL_DATABASE_USER", USER);
    }

    /** A superuser connection to {@code database}, to look or to meddle. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, "");
    }

    /** A program from the cluster's bin directory ({@code psql}, {@code pg_dump}). */
    public Path program(String name) {
        return bin.resolve(name);
    }

    /** Stops the cluster at once (its data is thrown away) and deletes its directory; again is harmless. */
    @Override
    public synchronized void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
        } catch (RuntimeException e) {
            // already stopped
        }
        deleteTree(dir);
    }

    private void runPg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean inTemp) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (inTemp) {
                builder.directory(Path.of("/tmp").toFile());
            }
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
