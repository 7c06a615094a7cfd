package dev.sparkjobs.spark;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the Spark UI to the machine it runs on: it has no authentication of its own and shows every
 * job's SQL. Spark installs it from {@code spark.ui.filters}; a client that is not on a loopback
 * address gets 403. Operators reach the UI through a port-forward ({@code ssh -L 4040:localhost:4040
 * host}, {@code kubectl port-forward pod/x 4040}). To let further addresses in, set {@code
 * spark.dev.sparkjobs.spark.LoopbackOnlyFilter.param.allowed-addresses} to a comma-separated list
 * of IP addresses (exact matches; behind a proxy, the proxy's).
 */
public class LoopbackOnlyFilter implements Filter {

    static final String ALLOWED = "allowed-addresses";

    private volatile Set<String> allowed = Set.of();

    @Override
    public void init(FilterConfig config) {
        allowed = parse(config.getInitParameter(ALLOWED));
    }

    static Set<String> parse(String addresses) {
        if (addresses == null || addresses.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(addresses.split(","))
                .map(String::strip)
                .filter(a -> !a.isEmpty())
                .map(LoopbackOnlyFilter::canonical)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (permits(request.getRemoteAddr())) {
            chain.doFilter(request, response);
        } else if (response instanceof HttpServletResponse http) {
            http.sendError(HttpServletResponse.SC_FORBIDDEN, "the Spark UI answers only local clients");
        }
    }

    boolean permits(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return false;
        }
        String address = canonical(remoteAddress);
        if (allowed.contains(address)) {
            return true;
        }
        try {
            // only literal addresses: getByName of a literal does no DNS lookup
            return isLiteral(address) && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String address) {
        return address.matches("[0-9.]+") || address.contains(":");
    }

    /** {@code [::1]} and {@code ::1} alike; IPv6 zeros as Java writes them. */
    private static String canonical(String address) {
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (isLiteral(a)) {
            try {
                return InetAddress.getByName(a).getHostAddress();
            } catch (UnknownHostException e) {
                return a;
            }
        }
        return a;
    }
}
