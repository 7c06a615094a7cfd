package dev.sparkjobs.jobcallbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Signature} of a callback: {@code sha256=} and the hex HMAC-SHA256, keyed with the
 * job's secret, of the timestamp (the {@code X-Signature-Timestamp} header, Unix seconds), a dot and
 * the body's exact bytes. The timestamp is signed so that a receiver can refuse an old delivery
 * replayed by whoever saw it pass.
 */
public final class Signatures {

    /** The header carrying the signature. */
    public static final String HEADER = "X-Signature";

    /** The header carrying the signed timestamp. */
    public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

    private Signatures() {}

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
