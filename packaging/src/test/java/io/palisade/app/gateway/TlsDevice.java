package io.palisade.app.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.palisade.testing.pki.HeldCert;

/**
 * A device for loopback tests, on the JDK's TLS 1.3: presents its certificate chain, trusts the
 * gateway's root, and holds its connection open so a test can see it cut off. With TLS 1.3 the
 * device finishes its handshake before the gateway has judged it, so a refusal shows on the first
 * read: {@link Connection#echo} returns null (the connection ended) instead of the line.
 */
public final class TlsDevice {

    private final SSLContext tls;

    public TlsDevice(HeldCert device, X509Certificate gatewayRoot) throws Exception {
        this(device.privateKey(), device.chain(), gatewayRoot);
    }

    public TlsDevice(PrivateKey key, List<X509Certificate> chain, X509Certificate gatewayRoot) throws Exception {
        char[] secret = "device".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", key, secret, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, secret);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", gatewayRoot);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLSv1.3");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    /** Connects and completes the device's side of the handshake (the gateway may still refuse). */
    public Connection connect(int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return new Connection(socket);
    }

    /** One open device connection. */
    public static final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedReader in;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Sends {@code line} and reads one line back: the echo when relayed, null when the connection ended. */
        public String echo(String line) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return in.readLine();
            } catch (IOException e) {
                return null; // refused (alert) or closed
            }
        }

        /** Reads until the gateway ends the connection; true when it did (EOF, alert or reset) within the read timeout. */
        public boolean ended() {
            try {
                return in.readLine() == null;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** The serial number of the certificate the gateway presented. */
        public BigInteger serverSerial() throws IOException {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
