package till.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import till.config.Config;
import till.store.Database;

/**
 * {@code backup FILE}: a consistent copy of {@code invoices.mv.db} in a zip, by H2's online {@code BACKUP TO}. With
 * Till stopped the command opens the database itself; with Till running (the file is locked) it asks the server,
 * {@code POST /admin/backup} with the admin key, which runs the same backup without stopping anything. A PostgreSQL
 * database is PostgreSQL's to back up: the command says how.
 */
final class BackupCommand {
    private BackupCommand() {}

    static Command backup() {
        return new Command("backup", "write an online backup of the database to a zip file",
                """
                Usage: java -jar till.jar backup FILE [--url URL] [--admin-key KEY]
                Writes a consistent copy of <data dir>/invoices.mv.db into the zip FILE (H2's BACKUP TO).
                With Till stopped, the database is read directly. With Till running, the backup is made by the
                running server (POST /admin/backup) without stopping it; that needs the admin key:
                  --admin-key KEY  the admin key (default: TILL_ADMIN_KEY; prefer the variable, a command line is visible in ps)
                  --url URL        where Till answers (default: http://TILL_HOST:TILL_PORT)
                Restore: stop Till, unzip FILE into an empty data directory (it holds invoices.mv.db), start Till on it.
                With TILL_DATABASE_URL (PostgreSQL) there is no zip: back the database up with pg_dump (see the README).
                """, Set.of("url", "admin-key"), BackupCommand::run);
    }

    private static int run(Options options, CliContext context) throws Exception {
        Path target = Path.of(options.single("FILE")).toAbsolutePath();
        Config config = context.config();
        if (!config.database().embedded()) {
            throw CliException.failed("Till's database is PostgreSQL (" + config.database().displayUrl() + "): back it up"
                    + " with pg_dump, e.g. pg_dump --format=custom --file=till.dump <database>, and restore with pg_restore"
                    + " (see the README); pg_dump takes a consistent copy while Till runs");
        }
        if (!Files.exists(config.dataDir().resolve(Database.FILE_NAME))) {
            throw CliException.failed("there is no database in " + config.dataDir() + " (set TILL_DATA_DIR to Till's data directory)");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Database database;
        try {
            database = Database.open(config.dataDir());
        } catch (Database.InUseException running) {
            fromServer(options, config, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            context.out().println("Backup written to " + target + " by the running Till (" + Files.size(target) + " bytes)");
            return 0;
        }
        try (database) {
            database.backupTo(partial);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        context.out().println("Backup written to " + target + " (" + Files.size(target) + " bytes)");
        return 0;
    }

    private static void fromServer(Options options, Config config, Path partial) throws IOException, InterruptedException {
        String key = options.optional("admin-key") != null ? options.optional("admin-key") : config.adminKey();
        if (key == null) {
            throw CliException.failed("Till is running, so the backup is made through it, which needs the admin key:"
                    + " set TILL_ADMIN_KEY (or pass --admin-key), or stop Till first");
        }
        String url = options.optional("url") != null ? options.optional("url").replaceAll("/+$", "") : localUrl(config);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/admin/backup"))
                .header("Authorization", key)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<Path> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
        } catch (IOException e) {
            throw CliException.failed("Till's database is in use but Till does not answer at " + url + " (" + e
                    + "); pass --url");
        }
        if (response.statusCode() != 200) {
            String answer = Files.readString(partial, StandardCharsets.UTF_8);
            Files.deleteIfExists(partial);
            throw CliException.failed("the running Till refused the backup: HTTP " + response.statusCode() + " " + answer);
        }
    }

    private static String localUrl(Config config) {
        if (config.port() == 0) {
            throw CliException.usage("TILL_PORT is 0 (any free port), so pass --url with the address Till answers on");
        }
        String host = switch (config.host()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        };
        return "http://" + host + ":" + config.port();
    }
}
