package io.palisade.core.identity;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certification path that passed every check: leaf first, ending with the trust anchor that
 * validated it.
 */
public record ValidChain(List<X509Certificate> path) implements ChainValidation {
    public ValidChain {
        path = List.copyOf(path);
        if (path.size() < 2) {
            throw new IllegalArgumentException("path: " + path.size() + " certificates (expected: >= 2)");
        }
    }

    /** The end-entity certificate the path was built for. */
    public X509Certificate leaf() {
        return path.get(0);
    }

    /** The trust anchor the path ends with. */
    public X509Certificate anchor() {
        return path.get(path.size() - 1);
    }
}
