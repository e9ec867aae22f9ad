package io.palisade.app.logging;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.app.gateway.CrlFetch;
import io.palisade.app.gateway.ReloadOutcome;

/**
 * Writes each reload as one line on the {@code palisade.gateway} logger: INFO
 * {@code event=reloaded what=… detail=…} when the new state is in force, WARN
 * {@code event=reload-failed what=… problems=[…]} when it was refused (each problem
 * {@code file:line:col: …} where the file has lines) and the state in force was kept. CRL
 * distribution point fetches likewise: INFO {@code event=crl-fetched url=… detail=…}, WARN
 * {@code event=crl-fetch-failed url=… problem=…}.
 */
public final class ReloadLog implements Consumer<ReloadOutcome> {

    private static final Logger log = LoggerFactory.getLogger("palisade.gateway");

    @Override
    public void accept(ReloadOutcome outcome) {
        if (outcome.ok()) {
            log.info("reloaded {} {} {}", kv("event", "reloaded"), kv("what", outcome.what().label()),
                    kv("detail", outcome.summary()));
        } else {
            log.warn("reload refused, kept the {} in force {} {} {}", outcome.what().label(), kv("event", "reload-failed"),
                    kv("what", outcome.what().label()), kv("problems", outcome.problems()));
        }
    }

    /** Writes the line of one CRL distribution point fetch. */
    public void crlFetch(CrlFetch fetch) {
        if (fetch.ok()) {
            log.info("CRL fetched {} {} {}", kv("event", "crl-fetched"), kv("url", fetch.url().toString()),
                    kv("detail", fetch.detail()));
        } else {
            log.warn("CRL fetch failed, the CRL in hand (if any) stays {} {} {}", kv("event", "crl-fetch-failed"),
                    kv("url", fetch.url().toString()), kv("problem", fetch.detail()));
        }
    }
}
