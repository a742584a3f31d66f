package till.node.cln;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.internal.tls.OkHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Till trusts the node's TLS certificate: only clnrest's own CA when one is configured, anything when the
 * operator explicitly opts out, and otherwise the system trust store.
 */
final class NodeTls {
    private static final Logger log = LoggerFactory.getLogger(NodeTls.class);
    private static final AtomicBoolean insecureWarned = new AtomicBoolean();
    /** The DNS name clnrest always puts in its server certificate. */
    static final String CLN_CERT_NAME = "cln";
    private static final int SAN_DNS = 2;

    private NodeTls() {}

    /** Applies the trust policy to {@code builder}; with neither a CA nor the opt-out it leaves the defaults. */
    static void configure(OkHttpClient.Builder builder, Path caCert, boolean insecure) {
        if (insecure) {
            if (insecureWarned.compareAndSet(false, true)) {
                log.warn("TLS verification of the Lightning node is DISABLED (insecure opt-out); "
                        + "anyone on the network path can impersonate the node");
            }
            X509ExtendedTrustManager trustAll = new TrustEverything();
            builder.sslSocketFactory(sslContext(trustAll).getSocketFactory(), trustAll);
            builder.hostnameVerifier((host, session) -> true);
        } else if (caCert != null) {
            X509TrustManager trustCa = trustOnly(caCert);
            builder.sslSocketFactory(sslContext(trustCa).getSocketFactory(), trustCa);
            builder.hostnameVerifier(new StandardOrClnName(OkHostnameVerifier.INSTANCE));
        }
    }

    /** A trust manager that accepts exactly the chains ending in the certificate(s) of the PEM file. */
    static X509TrustManager trustOnly(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in CA file " + pemFile);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("cln-ca-" + i++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager available");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA certificate " + pemFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid CA certificate " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable", e);
        }
    }

    /**
     * clnrest's certificate names only {@code cln}, {@code localhost} and {@code 127.0.0.1}, so a node reached under
     * any other host name (another docker service name, a LAN address) would fail the normal check although the
     * certificate is genuine. Since this verifier is only installed together with a trust manager that accepts
     * nothing but the configured clnrest CA, a certificate carrying the name {@code cln} is that node's certificate.
     */
    record StandardOrClnName(HostnameVerifier standard) implements HostnameVerifier {
        @Override
        public boolean verify(String host, SSLSession session) {
            return standard.verify(host, session) || peerNamed(session, CLN_CERT_NAME);
        }

        private static boolean peerNamed(SSLSession session, String dnsName) {
            try {
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    return false;
                }
                Collection<List<?>> names = leaf.getSubjectAlternativeNames();
                if (names == null) {
                    return false;
                }
                return names.stream().anyMatch(n -> n.size() == 2
                        && Integer.valueOf(SAN_DNS).equals(n.get(0))
                        && dnsName.equalsIgnoreCase(String.valueOf(n.get(1))));
            } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
                return false;
            }
        }
    }

    /** The explicit opt-out: accepts every certificate. Extended so the JDK does not add its own checks. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
