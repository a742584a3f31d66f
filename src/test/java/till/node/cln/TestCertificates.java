package till.node.cln;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Mints a throwaway CA and a server certificate shaped like clnrest's (CN "cln rest client", SANs cln/localhost/127.0.0.1). */
final class TestCertificates {
    private static final AtomicLong serial = new AtomicLong(1);

    record Ca(KeyPair keys, X509Certificate cert) {
        void writePem(Path file) throws IOException {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(cert);
            }
            Files.writeString(file, text.toString());
        }
    }

    record Server(KeyPair keys, X509Certificate cert, Ca issuer) {
        /** A server-side TLS context presenting this certificate. */
        SSLContext sslContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {cert, issuer.cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }
    }

    private TestCertificates() {}

    static Ca ca(String commonName) throws Exception {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, nextSerial(), notBefore(), notAfter(), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Ca(keys, sign(builder, keys));
    }

    /** A server certificate with the given DNS names and IP addresses as SANs. */
    static Server server(Ca ca, String[] dnsNames, String[] ips) throws Exception {
        KeyPair keys = keyPair();
        GeneralName[] names = new GeneralName[dnsNames.length + ips.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        for (int i = 0; i < ips.length; i++) {
            names[dnsNames.length + i] = new GeneralName(GeneralName.iPAddress, ips[i]);
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                nextSerial(), notBefore(), notAfter(), new X500Name("CN=cln rest client"), keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new Server(keys, sign(builder, ca.keys()), ca);
    }

    /** Like clnrest's own: SANs cln, localhost, 127.0.0.1. */
    static Server clnServer(Ca ca) throws Exception {
        return server(ca, new String[] {"cln", "localhost"}, new String[] {"127.0.0.1"});
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        var signerImpl = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signerImpl));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(System.nanoTime()).add(BigInteger.valueOf(serial.incrementAndGet()));
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
