package dev.sparkjobs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** What H2 says a statement read: {@code EXPLAIN ANALYZE} run with the statement's own arguments. */
final class H2Plans {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    private H2Plans() {}

    static String explain(DataSource dataSource, String sql, List<Object> args) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** The rows the plan says were read: every {@code scanCount} in it, a union's parts and the whole. */
    static long rowsRead(String plan) {
        long read = 0;
        Matcher m = SCAN_COUNT.matcher(plan);
        while (m.find()) {
            read += Long.parseLong(m.group(1));
        }
        return read;
    }
}
