package io.palisade.core.update;

import io.palisade.testing.MutableClock;
import static io.palisade.core.update.UpdateFixtures.NOW;
import static io.palisade.core.update.UpdateFixtures.STABLE;
import static io.palisade.core.update.UpdateFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last good manifest per target stays in force when a newer one fails; failures are kept for /status. */
class ManifestStoreTest {

    private static final KeyPair VENDOR = UpdateFixtures.ed25519();
    private static final ManifestSigner SIGNER = UpdateFixtures.signer(VENDOR);

    private final MutableClock clock = new MutableClock(NOW);
    private final ManifestVerifier verifier = new ManifestVerifier(VendorKeys.of(VENDOR.getPublic()), clock);

    @Test
    void aRefusedManifestLeavesTheLastGoodOneServedAndIsReported() {
        ManifestStore store = ManifestStore.create(verifier, clock);
        SignedManifest v7 = SIGNER.sign(manifest(7));
        assertThat(store.offer(STABLE, v7.document()).isAccepted()).isTrue();

        ManifestVerdict rollback = store.offer(STABLE, SIGNER.sign(manifest(6)).document());

        assertThat(rollback.isAccepted()).isFalse();
        assertThat(store.serve(STABLE)).contains(v7);
        assertThat(store.refusedCount()).isEqualTo(1);
        assertThat(store.status()).singleElement().satisfies(s -> {
            assertThat(s.current()).contains(v7);
            assertThat(s.serving()).isTrue();
            assertThat(s.lastFailure()).hasValueSatisfying(f -> {
                assertThat(f.reason()).isEqualTo(ManifestRefusal.ROLLBACK);
                assertThat(f.at()).isEqualTo(NOW);
            });
        });
    }

    @Test
    void aNewerManifestReplacesTheOneInForce() {
        ManifestStore store = ManifestStore.create(verifier, clock);
        store.offer(STABLE, SIGNER.sign(manifest(7)).document());
        SignedManifest v8 = SIGNER.sign(manifest(8));

        assertThat(store.offer(STABLE, v8.document()).isAccepted()).isTrue();
        assertThat(store.serve(STABLE)).contains(v8);
        assertThat(store.image(STABLE, ImageDigest.of(UpdateFixtures.FIRMWARE))).isPresent();
        assertThat(store.serve(new ManifestTarget("acme-thermostat", "beta"))).isEmpty();
    }

    @Test
    void anExpiredManifestIsNoLongerServedButStillTheRollbackFloor() {
        ManifestStore store = ManifestStore.create(verifier, clock);
        store.offer(STABLE, SIGNER.sign(manifest(STABLE, 7, NOW.plus(Duration.ofHours(1)), UpdateFixtures.FIRMWARE)).document());
        clock.advance(Duration.ofHours(1));

        assertThat(store.serve(STABLE)).isEmpty();
        assertThat(store.status()).singleElement().satisfies(s -> assertThat(s.serving()).isFalse());
        assertThat(store.offer(STABLE, SIGNER.sign(manifest(STABLE, 6, NOW.plus(Duration.ofDays(9)), UpdateFixtures.FIRMWARE))
                .document())).isInstanceOfSatisfying(ManifestVerdict.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ManifestRefusal.ROLLBACK));
    }

    @Test
    void theRollbackFloorSurvivesARestart(@TempDir Path dir) throws Exception {
        DirectoryManifestArchive archive = new DirectoryManifestArchive(dir);
        ManifestStore first = ManifestStore.restore(verifier, archive, clock);
        first.offer(STABLE, SIGNER.sign(manifest(STABLE, 7, NOW.plus(Duration.ofHours(1)), UpdateFixtures.FIRMWARE)).document());
        assertThat(dir.resolve("acme-thermostat/stable.manifest")).exists();
        clock.advance(Duration.ofHours(2));

        ManifestStore restarted = ManifestStore.restore(verifier, archive, clock);

        assertThat(restarted.inForce(STABLE).map(m -> m.manifest().version())).contains(7L);
        assertThat(restarted.offer(STABLE, SIGNER.sign(manifest(6)).document()).isAccepted()).isFalse();
        assertThat(restarted.offer(STABLE, SIGNER.sign(manifest(8)).document()).isAccepted()).isTrue();
    }

    @Test
    void aTamperedArchiveIsNotRestored(@TempDir Path dir) throws Exception {
        DirectoryManifestArchive archive = new DirectoryManifestArchive(dir);
        ManifestStore.restore(verifier, archive, clock).offer(STABLE, SIGNER.sign(manifest(7)).document());
        Path file = dir.resolve("acme-thermostat/stable.manifest");
        Files.writeString(file, Files.readString(file).replace("version 7", "version 9"));

        assertThat(ManifestStore.restore(verifier, archive, clock).inForce(STABLE)).isEmpty();
    }
}
