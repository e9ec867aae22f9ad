package io.palisade.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range headers (RFC 9110 §14) against a 1000-byte image: satisfiable, ignored (whole image), unsatisfiable (416). */
class ByteRangeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "bytes=0-99,       0:100",
            "bytes=100-199,    100:100",
            "bytes=900-,       900:100",
            "bytes=900-5000,   900:100",
            "bytes=-100,       900:100",
            "bytes=-5000,      0:1000",
            "bytes=999-999,    999:1",
            "null,             0:1000",
            "bytes=5-1,        0:1000",
            "'bytes=0-1,5-9',  0:1000",
            "items=0-1,        0:1000",
            "bytes=-,          0:1000",
            "bytes=99999999999999999999-, 0:1000",
            "bytes=1000-,      416",
            "bytes=1000-1999,  416",
            "bytes=-0,         416",
    })
    void resolves(String header, String expected) {
        Optional<ByteRange> range = ByteRange.parse(header, 1000);
        if (expected.equals("416")) {
            assertThat(range).isEmpty();
        } else {
            String[] p = expected.split(":");
            assertThat(range).contains(new ByteRange(Long.parseLong(p[0]), Long.parseLong(p[1])));
            assertThat(range.get().isPartial(1000)).isEqualTo(!expected.equals("0:1000"));
        }
    }
}
