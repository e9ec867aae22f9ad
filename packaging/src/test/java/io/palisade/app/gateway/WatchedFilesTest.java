package io.palisade.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.palisade.config.gateway.GatewayConfigLoader;
import io.palisade.testing.pki.TestPki;

/** Which part a change to which file reloads. */
class WatchedFilesTest {

    @TempDir
    Path dir;

    WatchedFiles watched;

    @BeforeEach
    void config() throws Exception {
        TestPki acme = TestPki.create("acme");
        Files.writeString(dir.resolve("acme.pem"), TestPki.pem(acme.root().certificate()));
        Files.writeString(dir.resolve("acme.crl"), TestPki.pem(acme.crl(java.util.List.of(), acme.now(),
                acme.now().plusSeconds(3600))));
        Files.writeString(dir.resolve("deny.txt"), "");
        Files.createDirectories(dir.resolve("policies.d"));
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: palisade/v1
                kind: Gateway
                site: s
                state: state
                tenants:
                  - {name: acme, trust: acme.pem, revocation: {crls: [acme.crl]}}
                  - {name: lab, trust: local}
                denyList: deny.txt
                policies: policies.d
                listeners:
                  - {name: plc, bind: 127.0.0.1:0, route: {to: historian.example:502}}
                """);
        watched = WatchedFiles.of(GatewayConfigLoader.load(dir.resolve("gateway.yaml")).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({
            "acme.pem,                   TRUST",
            "acme.crl,                   TRUST",
            "state/pki/crl.pem,          TRUST",
            "state/pki/root.crt,         TRUST",
            "state/pki/gateway.crt,      IDENTITY",
            "state/pki/gateway.key,      IDENTITY",
            "deny.txt,                   DENY_LIST",
            "policies.d,                 POLICY",
            "policies.d/20-new.yaml,     POLICY",
            "policies.d/sub/x.yaml,      POLICY",
            "gateway.yaml,               ''",
            ".deny.txt.tmp,              ''",
            "state/pki/devices-ca.key,   ''"})
    void aChangedFileReloadsThePartsThatReadIt(String file, String part) {
        assertThat(watched.partsOf(dir.resolve(file)))
                .isEqualTo(part.isEmpty() ? Set.of() : Set.of(Reloadable.valueOf(part)));
    }

    @ParameterizedTest
    @CsvSource({".,  DENY_LIST POLICY TRUST", "state/pki, IDENTITY TRUST", "policies.d, POLICY"})
    void aSwappedDirectoryReloadsEveryPartReadFromIt(String directory, String parts) {
        Set<Reloadable> expected = java.util.EnumSet.noneOf(Reloadable.class);
        for (String p : parts.split(" ")) {
            expected.add(Reloadable.valueOf(p));
        }
        assertThat(watched.partsIn(dir.resolve(directory))).isEqualTo(expected);
    }
}
