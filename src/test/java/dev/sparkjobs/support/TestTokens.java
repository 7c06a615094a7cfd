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

    /** A token valid in every way but its audience. */
    public static String forAnotherAudience(String subject, String tenant, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience("another-service")
                .claim("tenant", tenant)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        return sign(claims, ISSUER);
    }

    public static String publicKeyLocation() {
        return "file:" + PUBLIC_KEY;
    }

    /** A token valid for ten minutes with {@code sub}, {@code tenant} and {@code realm_access.roles}. */
    public static String token(String subject, String tenant, String... roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .claim("realm_access", Map.of("roles", List.of(roles)));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return sign(claims.build(), ISSUER);
    }

    public static String expired(String subject, String tenant, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(AUDIENCE)
                .claim("tenant", tenant)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                .build();
        return sign(claims, ISSUER);
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String forged(String subject, String tenant, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(AUDIENCE)
                .claim("tenant", tenant)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        return sign(claims, rsa());
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
