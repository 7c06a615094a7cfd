package dev.sparkjobs.store;

import dev.sparkjobs.lease.DriverLease;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link DriverLease} as one row, changed only by conditional updates; the same SQL on H2 and
 * PostgreSQL. On the {@link ProbePool}: a store pool kept busy by submits does not cost the lease.
 */
@Repository
class JdbcDriverLease implements DriverLease {

    static final String NAME = "driver";

    private final JdbcClient jdbc;

    @Autowired
    JdbcDriverLease(ProbePool probe) {
        this(JdbcClient.create(probe.dataSource()));
    }

    JdbcDriverLease(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean tryAcquire(String owner, Instant now, Instant expiresAt) {
        int taken = jdbc.sql("UPDATE service_lease SET owner = ?, expires_at = ? WHERE name = ? AND (owner = ? OR"
                        + " expires_at < ?)")
                .params(owner, utc(expiresAt), NAME, owner, utc(now))
                .update();
        if (taken == 1) {
            return true;
        }
        try {
            return jdbc.sql("INSERT INTO service_lease (name, owner, expires_at) VALUES (?, ?, ?)")
                            .params(NAME, owner, utc(expiresAt))
                            .update()
                    == 1;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    @Override
    public boolean renew(String owner, Instant expiresAt) {
        return jdbc.sql("UPDATE service_lease SET expires_at = ? WHERE name = ? AND owner = ?")
                        .params(utc(expiresAt), NAME, owner)
                        .update()
                == 1;
    }

    @Override
    public void release(String owner) {
        jdbc.sql("DELETE FROM service_lease WHERE name = ? AND owner = ?")
                .params(NAME, owner)
                .update();
    }

    @Override
    public Optional<String> holder() {
        return jdbc.sql("SELECT owner FROM service_lease WHERE name = ?")
                .param(NAME)
                .query(String.class)
                .optional();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
