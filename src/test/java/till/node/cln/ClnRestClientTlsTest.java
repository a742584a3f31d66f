package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.node.NodeInfo;
import till.node.NodeUnreachableException;

/** TLS against a local HTTPS server whose certificate comes from a test CA shaped like clnrest's. */
class ClnRestClientTlsTest {
    private static final String GETINFO = """
            {"id":"03c463097802fe432db9fc4caf196b4cc764fd111301912eaa9626a1e8abdf70a4","alias":"alice",
             "network":"regtest","blockheight":110,"version":"v24.11.2"}""";

    @TempDir
    Path dir;
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(TestCertificates.Server cert) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.sslContext()));
        server.createContext("/v1/getinfo", exchange -> {
            byte[] body = GETINFO.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static NodeInfo getInfo(String url, Path ca, boolean insecure) {
        try (ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(url, "secret-rune", ca, insecure))) {
            return client.getInfo();
        }
    }

    @Test
    void verifiesTheServerAgainstTheConfiguredCa() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("cln Root REST CA");
        String url = serve(TestCertificates.clnServer(ca));
        Path pem = dir.resolve("ca.pem");
        ca.writePem(pem);

        assertEquals("alice", getInfo(url, pem, false).alias());
        assertEquals("alice", getInfo(url.replace("127.0.0.1", "localhost"), pem, false).alias());
    }

    @Test
    void acceptsTheClnNameUnderAnotherHostName() throws Exception {
        // The node is reached as "localhost" here, but the certificate only names "cln" (as for a node reached by
        // another docker service name): accepted because it chains to the configured CA.
        TestCertificates.Ca ca = TestCertificates.ca("cln Root REST CA");
        String url = serve(TestCertificates.server(ca, new String[] {"cln"}, new String[0]));
        Path pem = dir.resolve("ca.pem");
        ca.writePem(pem);

        assertEquals("alice", getInfo(url.replace("127.0.0.1", "localhost"), pem, false).alias());
    }

    @Test
    void rejectsAnotherNameEvenFromTheConfiguredCa() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("cln Root REST CA");
        String url = serve(TestCertificates.server(ca, new String[] {"elsewhere.example"}, new String[0]));
        Path pem = dir.resolve("ca.pem");
        ca.writePem(pem);

        assertThrows(NodeUnreachableException.class, () -> getInfo(url, pem, false));
    }

    @Test
    void failsWithoutTheCa() throws Exception {
        String url = serve(TestCertificates.clnServer(TestCertificates.ca("cln Root REST CA")));

        assertThrows(NodeUnreachableException.class, () -> getInfo(url, null, false));
    }

    @Test
    void failsWithACertificateFromAnotherCa() throws Exception {
        String url = serve(TestCertificates.clnServer(TestCertificates.ca("cln Root REST CA")));
        Path otherPem = dir.resolve("other.pem");
        TestCertificates.ca("another CA").writePem(otherPem);

        assertThrows(NodeUnreachableException.class, () -> getInfo(url, otherPem, false));
    }

    @Test
    void insecureOptOutTrustsAnything() throws Exception {
        String url = serve(TestCertificates.server(TestCertificates.ca("unknown"), new String[] {"nowhere"}, new String[0]));

        assertEquals("alice", getInfo(url, null, true).alias());
    }
}
