package dev.sparkjobs.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A JWT issuer for tests: an RSA key pair made once per JVM, its public key written as PEM for the
 * service's {@code public-key-location}, and tokens signed with the private key (or any other).
 */
public final class TestTokens {

    private static final KeyPair ISSUER = rsa();
    private static final Path PUBLIC_KEY = writePublicKey();

    /** The audience the shared context requires (application-it.yml). */
    public static final String AUDIENCE = "spark-job-service";

    private TestTokens() {}

    public static String publicKeyLocation() {
        return "file:" + PUBLIC_KEY;
    }

    /**
     * A token valid for ten minutes with {@code sub}, {@code aud}, {@code tenant} (unless null) and
     * {@code realm_access.roles}.
     */
    public static String token(String subject, String tenant, String... roles) {
        return sign(claims(subject, tenant, AUDIENCE, Duration.ofMinutes(10), roles), ISSUER);
    }

    /** A token valid in every way but its audience. */
    public static String forAnotherAudience(String subject, String tenant, String... roles) {
        return sign(claims(subject, tenant, "another-service", Duration.ofMinutes(10), roles), ISSUER);
    }

    public static String expired(String subject, String tenant, String... roles) {
        return sign(claims(subject, tenant, AUDIENCE, Duration.ofHours(-1), roles), ISSUER);
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String forged(String subject, String tenant, String... roles) {
        return sign(claims(subject, tenant, AUDIENCE, Duration.ofMinutes(10), roles), rsa());
    }

    private static JWTClaimsSet claims(
            String subject, String tenant, String audience, Duration expiresIn, String... roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(audience)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(expiresIn)))
                .claim("realm_access", Map.of("roles", List.of(roles)));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return claims.build();
    }

    private static String sign(JWTClaimsSet claims, KeyPair key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(key.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "it-jwt").toAbsolutePath());
            Path file = dir.resolve("issuer-" + UUID.randomUUID() + ".pem");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes())
                            .encodeToString(ISSUER.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
