package io.palisade.core.revocation;

import static io.palisade.core.revocation.CrlDistributionPointsTestSupport.OID;
import static io.palisade.core.revocation.CrlDistributionPointsTestSupport.extension;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.palisade.testing.pki.TestPki;

class DistributionPointsTest {

    static final TestPki ACME = TestPki.create("acme");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://crl.acme.example/devices.crl                         | http://crl.acme.example/devices.crl",
            "HTTP://crl.acme.example:8080/d.crl                          | HTTP://crl.acme.example:8080/d.crl",
            "https://crl.acme.example/devices.crl                        | ''",
            "ldap://ldap.acme.example/cn=CA?certificateRevocationList    | ''",
            "http:///no-host                                             | ''",
            "not a uri                                                   | ''"})
    void onlyHttpUrlsWithAHostCount(String uri, String expected) {
        var cert = ACME.device().extension(OID, false, extension(uri)).build().certificate();
        List<URI> urls = DistributionPoints.httpUrls(cert);
        assertThat(urls).isEqualTo(expected.isEmpty() ? List.of() : List.of(URI.create(expected)));
    }

    @Test
    void everyPointInOrderWithoutRepeats() {
        var cert = ACME.device().extension(OID, false,
                extension("http://a.example/1.crl", "https://b.example/2.crl", "http://c.example/3.crl", "http://a.example/1.crl"))
                .build().certificate();
        assertThat(DistributionPoints.httpUrls(cert)).containsExactly(URI.create("http://a.example/1.crl"),
                URI.create("http://c.example/3.crl"));
    }

    @Test
    void noExtensionNoUrls() {
        assertThat(DistributionPoints.httpUrls(ACME.device().build().certificate())).isEmpty();
    }
}
