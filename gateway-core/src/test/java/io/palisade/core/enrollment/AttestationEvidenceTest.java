package io.palisade.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.palisade.core.identity.FirmwareDigest;

/** The evidence a device presents: DER round trip, the signature binds nonce, firmware and key. */
class AttestationEvidenceTest {

    private static final FirmwareDigest FW = FirmwareDigest.parse("sha256:" + "ab".repeat(32));
    private static final byte[] NONCE = new byte[32];
    private static final KeyPair DEVICE = EnrollmentFixtures.ec();

    @Test
    void roundTripsAndVerifiesWithTheDeviceKeyOnly() {
        AttestationEvidence e = AttestationEvidence.sign(DEVICE.getPrivate(), NONCE, FW);
        AttestationEvidence read = AttestationEvidence.decode(e.encode());

        assertThat(read).isEqualTo(e);
        assertThat(read.verifies(DEVICE.getPublic())).isTrue();
        assertThat(read.verifies(EnrollmentFixtures.ec().getPublic())).isFalse();
    }

    @Test
    void theSignatureCoversTheNonceAndTheFirmware() {
        AttestationEvidence e = AttestationEvidence.sign(DEVICE.getPrivate(), NONCE, FW);
        byte[] otherNonce = NONCE.clone();
        otherNonce[0] = 1;

        assertThat(new AttestationEvidence(otherNonce, FW, e.signature()).verifies(DEVICE.getPublic())).isFalse();
        assertThat(new AttestationEvidence(NONCE, FirmwareDigest.parse("sha256:" + "cd".repeat(32)), e.signature())
                .verifies(DEVICE.getPublic())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3000", "05000000", "300602010202010a", "3003020101"})
    void refusesWhatIsNotEvidence(String hex) {
        assertThatThrownBy(() -> AttestationEvidence.decode(HexFormat.of().parseHex(hex)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("evidence");
    }

    @Test
    void refusesTrailingBytesAndOversizedInput() {
        byte[] good = AttestationEvidence.sign(DEVICE.getPrivate(), NONCE, FW).encode();
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);

        assertThatThrownBy(() -> AttestationEvidence.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttestationEvidence.decode(new byte[2000])).hasMessageContaining("at most 1024");
    }
}
