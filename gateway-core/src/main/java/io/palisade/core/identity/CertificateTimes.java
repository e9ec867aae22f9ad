package io.palisade.core.identity;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate's validity time as an {@link Instant}. The two forms RFC 5280 (4.1.2.5) allows —
 * UTCTime {@code YYMMDDHHMMSSZ} (years 1950-2049) and GeneralizedTime {@code YYYYMMDDHHMMSSZ} —
 * are read directly; anything else goes through BouncyCastle's {@link Time#getDate()} as before,
 * so the result is the same for every encoding. The direct path exists because BouncyCastle builds
 * a {@code SimpleDateFormat} for each call, a cost paid several times per handshake.
 */
final class CertificateTimes {

    private CertificateTimes() {}

    static Instant instant(Time time) {
        ASN1Primitive p = time.toASN1Primitive();
        Instant strict = null;
        if (p instanceof ASN1UTCTime || p instanceof ASN1GeneralizedTime) {
            strict = parse(contents(p), p instanceof ASN1UTCTime);
        }
        return strict != null ? strict : time.getDate().toInstant();
    }

    /** The characters of a time: its DER encoding less the tag and the one-byte length. */
    private static byte[] contents(ASN1Primitive p) {
        try {
            byte[] der = p.getEncoded(ASN1Encoding.DER);
            return der.length > 2 && der[1] == der.length - 2 ? Arrays.copyOfRange(der, 2, der.length) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The instant of a strict RFC 5280 time, or null when {@code text} is not in that form. */
    private static Instant parse(byte[] text, boolean utcTime) {
        int yearDigits = utcTime ? 2 : 4;
        if (text.length != yearDigits + 11 || text[text.length - 1] != 'Z') {
            return null;
        }
        for (int i = 0; i < text.length - 1; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return null;
            }
        }
        int year = number(text, 0, yearDigits);
        if (utcTime) {
            year += year < 50 ? 2000 : 1900;
        } else if (year < 1600) {
            return null; // leave calendar edge cases (Julian dates) to the general path
        }
        int i = yearDigits;
        try {
            return LocalDateTime.of(year, number(text, i, 2), number(text, i + 2, 2), number(text, i + 4, 2),
                    number(text, i + 6, 2), number(text, i + 8, 2)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // e.g. month 13: the general path decides, as it always did
        }
    }

    private static int number(byte[] text, int from, int digits) {
        int n = 0;
        for (int i = from; i < from + digits; i++) {
            n = n * 10 + (text[i] - '0');
        }
        return n;
    }
}
