package io.palisade.app.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A simulated device: its key and certificate chain, connecting to the gateway over mutual TLS (JDK client). */
record DemoDevice(PrivateKey key, List<X509Certificate> chain) {

    /** Connects, sends {@code message}, and returns what came back (empty if the gateway refused it). */
    String roundTrip(InetSocketAddress gateway, X509Certificate gatewayRoot, String message) throws IOException {
        try (SSLSocket socket = (SSLSocket) context(gatewayRoot).getSocketFactory().createSocket()) {
            socket.connect(gateway, 5_000);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            byte[] sent = message.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(sent);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[sent.length];
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return ""; // refused: TLS alert or reset; the gateway's audit event says why
        }
    }

    private SSLContext context(X509Certificate gatewayRoot) throws IOException {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", key, none, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("gateway-root", gatewayRoot);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("device TLS context: " + e.getMessage(), e);
        }
    }
}
