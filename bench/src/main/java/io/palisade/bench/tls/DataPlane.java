package io.palisade.bench.tls;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;

import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.MtlsProxy;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.ProxyEvents;

/**
 * The mTLS data plane on its own: {@link MtlsProxy} with one fixed route, the gateway's PEM
 * identity and one tenant trusting a PEM CA file, assembled as {@code palisade run} assembles a
 * fixed-route listener but without the audit log and metrics, and with the per-address handshake
 * limit set by {@code --handshakes-per-second} (a benchmark's single client is one address).
 * Refusals are printed on stderr.
 * {@code compare.sh --gateway dataplane} runs it.
 *
 * <p>Usage: {@code DataPlane --to 127.0.0.1:PORT --cert gateway.crt --key gateway.key
 * --trust ca.pem [--tenant local] [--port 0] [--handshakes-per-second 1000000]}; prints {@code port=N} once
 * listening, then runs until killed.
 */
public final class DataPlane {

    private DataPlane() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        String to = flags.get("to");
        int colon = to.lastIndexOf(':');
        DenyList denyList = DenyList.empty();
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenant(TenantTrust.of(flags.get("tenant", "local"), Set.copyOf(PemFiles.readCertificates(Path.of(flags.get("trust"))))))
                .denyList(denyList)
                .build();
        MtlsProxy proxy = MtlsProxy.builder()
                .serverIdentity(PemFiles.readPrivateKey(Path.of(flags.get("key"))), PemFiles.readCertificates(Path.of(flags.get("cert"))))
                .verifier(verifier)
                .denyList(denyList)
                .events(new ProxyEvents() {
                    @Override
                    public void refused(ConnectionRefused event) {
                        System.err.println("refused " + event);
                    }
                })
                .handshakesPerSecondPerAddress(flags.getInt("handshakes-per-second", 1_000_000))
                .route(new TcpRoute("bench", new InetSocketAddress("127.0.0.1", flags.getInt("port", 0)),
                        Upstream.of(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)))))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "dataplane-stop"));
        System.out.println("port=" + proxy.address("bench").getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
