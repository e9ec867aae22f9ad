package io.palisade.proxy;

/** Which TLS implementation terminates device connections. */
public enum TlsEngine {
    /** BoringSSL when its native library loads on this machine, otherwise the JDK's. */
    AUTO,
    /** BoringSSL through netty-tcnative; starting fails if it is not available. */
    BORINGSSL,
    /** The JDK's TLS implementation (SunJSSE). */
    JDK
}
