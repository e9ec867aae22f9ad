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

    /**
     * Asks the gateway for a tunnel with {@code CONNECT target}; returns the status code, and when it
     * is 200, a space and what {@code message} came back as through the tunnel. Empty if refused at TLS.
     */
    String connect(InetSocketAddress gateway, X509Certificate gatewayRoot, String target, String message) throws IOException {
        try (SSLSocket socket = (SSLSocket) context(gatewayRoot).getSocketFactory().createSocket()) {
            socket.connect(gateway, 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = readHead(in);
            String code = status.length() >= 12 ? status.substring(9, 12) : status;
            if (!code.equals("200") || message.isEmpty()) {
                return code;
            }
            byte[] sent = message.getBytes(StandardCharsets.UTF_8);
            out.write(sent);
            out.flush();
            return code + " " + new String(in.readNBytes(sent.length), StandardCharsets.UTF_8);
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return "";
        }
    }

    /** Reads an HTTP response head (up to the blank line); returns its status line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; head.length() < 8192 && (c = in.read()) >= 0; ) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int eol = head.indexOf("\r\n");
        return eol < 0 ? head.toString() : head.substring(0, eol);
    }

    /** The device's TLS client context: its key and chain, trusting {@code gatewayRoot}. */
    SSLContext context(X509Certificate gatewayRoot) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(keyManagers().getKeyManagers(), trustManagers(gatewayRoot).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("device TLS context: " + e.getMessage(), e);
        }
    }

    /** The device's key and chain, as a TLS client identity. */
    KeyManagerFactory keyManagers() throws GeneralSecurityException, IOException {
        char[] none = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", key, none, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        return kmf;
    }

    /** Trust in {@code gatewayRoot} only. */
    static TrustManagerFactory trustManagers(X509Certificate gatewayRoot) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-root", gatewayRoot);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }
}
