package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * One fetch of a CRL distribution point: put in force ({@code ok}), or refused / unreachable with
 * why (the CRL in hand, if any, stays in force).
 *
 * @param url    the distribution point
 * @param ok     whether the fetched CRL is in force now
 * @param detail for ok, the CRL's nextUpdate; otherwise why it failed
 */
public record CrlFetch(URI url, boolean ok, String detail) {
    public CrlFetch {
        requireNonNull(url, "url");
        requireNonNull(detail, "detail");
    }
}
