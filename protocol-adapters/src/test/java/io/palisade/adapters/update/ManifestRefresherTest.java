package io.palisade.adapters.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.palisade.adapters.fixtures.Updates;
import io.palisade.core.update.ImageDigest;
import io.palisade.core.update.ImageEntry;
import io.palisade.core.update.Manifest;
import io.palisade.core.update.ManifestRefusal;
import io.palisade.core.update.ManifestTarget;
import io.palisade.core.update.ManifestVerdict;
import io.palisade.core.update.SignedManifest;

/**
 * The refresher feeds the store from the source: a newer manifest is put in force; a tampered,
 * expired or rolled-back one is refused and the last good one stays served; a source that fails
 * is recorded (and the last good stays); a source without the manifest is no failure.
 */
class ManifestRefresherTest {

    private static final ManifestTarget STABLE = new ManifestTarget("sensor", "stable");
    private static final ImageDigest IMAGE = ImageDigest.of(new byte[] {1, 2, 3});

    private final Updates updates = new Updates();
    private final SignedManifest good = updates.accept(STABLE, 5, IMAGE, 3);
    private byte[] next;
    private IOException failure;
    private final ManifestRefresher refresher = new ManifestRefresher(target -> {
        if (failure != null) {
            throw failure;
        }
        return next;
    }, updates.store, Runnable::run, updates.clock);

    enum Bad { TAMPERED, EXPIRED, ROLLED_BACK }

    @ParameterizedTest
    @EnumSource(Bad.class)
    void aBadManifestIsRefusedAndTheLastGoodStays(Bad bad) {
        next = switch (bad) {
            case TAMPERED -> new String(updates.manifest(STABLE, 6, IMAGE, 3).document(), StandardCharsets.US_ASCII)
                    .replace("version 6", "version 7").getBytes(StandardCharsets.US_ASCII);
            case EXPIRED -> updates.signer.sign(new Manifest(STABLE, 6, Instant.now().minus(Duration.ofHours(1))
                    .truncatedTo(ChronoUnit.SECONDS), List.of(new ImageEntry("firmware.bin", IMAGE, 3)))).document();
            case ROLLED_BACK -> updates.manifest(STABLE, 4, IMAGE, 3).document();
        };

        Optional<ManifestVerdict> verdict = refresher.refresh(STABLE).join();

        assertThat(verdict).hasValueSatisfying(v -> assertThat(((ManifestVerdict.Refused) v).reason()).isEqualTo(switch (bad) {
            case TAMPERED -> ManifestRefusal.BAD_SIGNATURE;
            case EXPIRED -> ManifestRefusal.EXPIRED;
            case ROLLED_BACK -> ManifestRefusal.ROLLBACK;
        }));
        assertThat(updates.store.serve(STABLE)).contains(good);
        assertThat(updates.store.status()).singleElement().satisfies(s -> assertThat(s.lastFailure()).isPresent());
    }

    @Test
    void aNewerManifestIsPutInForce() {
        SignedManifest newer = updates.manifest(STABLE, 6, IMAGE, 3);
        next = newer.document();

        assertThat(refresher.refresh(STABLE).join()).hasValueSatisfying(v -> assertThat(v.isAccepted()).isTrue());
        assertThat(updates.store.serve(STABLE)).contains(newer);
    }

    @Test
    void anUnreachableSourceIsRecordedAndTheLastGoodStays() {
        failure = new IOException("connection refused");

        assertThat(refresher.refresh(STABLE).join()).isEmpty();

        assertThat(updates.store.serve(STABLE)).contains(good);
        ManifestRefresher.Stats stats = refresher.stats();
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.lastFailures()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo(STABLE);
            assertThat(f.detail()).contains("connection refused");
        });

        failure = null;
        next = good.document();
        refresher.refresh(STABLE).join();
        assertThat(refresher.stats().lastFailures()).isEmpty();
    }

    @Test
    void aSourceWithoutTheManifestIsNoFailure() {
        failure = new NoSuchFileException("sensor/stable/manifest");

        assertThat(refresher.refresh(STABLE).join()).isEmpty();
        assertThat(refresher.stats()).satisfies(s -> {
            assertThat(s.notFound()).isEqualTo(1);
            assertThat(s.failures()).isZero();
        });
    }

    @Test
    void refreshAllFetchesEveryWatchedTarget() {
        ManifestTarget beta = new ManifestTarget("sensor", "beta");
        next = updates.manifest(beta, 1, IMAGE, 3).document();
        refresher.watch(beta);

        refresher.refreshAll();

        assertThat(updates.store.serve(beta)).isPresent();
        assertThat(refresher.stats().fetches()).isEqualTo(1);
    }
}
