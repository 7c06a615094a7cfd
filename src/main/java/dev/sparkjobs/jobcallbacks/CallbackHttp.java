package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.callbacks.CallbackTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to a checked {@link CallbackTarget}, on a socket opened to one of its addresses.
 * A client of its own because none in the JDK can be told which address to connect to: a second
 * lookup of the name could answer an address that was never checked (DNS rebinding). For https the
 * name is the TLS server name and is checked against the certificate. Redirects are never followed
 * (the status is returned as is); the answer's body is not read beyond its status line.
 */
final class CallbackHttp {

    private static final int MAX_STATUS_LINE = 8192;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService timer;

    /**
     * @param timer closes a socket whose attempt ran past its deadline: a read timeout bounds one
     *     read, and a receiver that sends a byte just before each would otherwise hold the thread
     *     for as long as it likes (and a write or TLS handshake has no timeout of its own)
     */
    CallbackHttp(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls, ScheduledExecutorService timer) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
        this.timer = timer;
    }

    /**
     * POSTs {@code body} and returns the status code; throws for no answer. The whole attempt
     * (connecting, TLS, sending, the status line) ends within connect-timeout + read-timeout.
     */
    int post(CallbackTarget target, Map<String, String> headers, byte[] body) throws IOException {
        long deadline = System.nanoTime() + connectTimeout.plus(readTimeout).toNanos();
        IOException last = null;
        for (var address : target.addresses()) {
            var socket = new Socket();
            var expired = new AtomicBoolean();
            var watchdog = timer.schedule(
                    () -> {
                        expired.set(true);
                        closeQuietly(socket);
                    },
                    Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            try {
                return attempt(socket, address, target, headers, body, deadline);
            } catch (ConnectException e) {
                last = e;
            } catch (IOException e) {
                if (expired.get()) {
                    throw new SocketTimeoutException("no answer within " + connectTimeout.plus(readTimeout));
                }
                if (!socket.isConnected()) {
                    last = e; // this address could not be reached: try the next
                    continue;
                }
                throw e;
            } finally {
                watchdog.cancel(false);
                closeQuietly(socket);
            }
            if (expired.get()) {
                break;
            }
        }
        if (last == null || remaining(deadline) == 0) {
            throw new SocketTimeoutException("no answer within " + connectTimeout.plus(readTimeout));
        }
        throw last;
    }

    private int attempt(
            Socket socket,
            InetAddress address,
            CallbackTarget target,
            Map<String, String> headers,
            byte[] body,
            long deadline)
            throws IOException {
        int connectMillis = (int) Math.min(connectTimeout.toMillis(), remaining(deadline));
        if (connectMillis <= 0) {
            throw new SocketTimeoutException("no time left to connect");
        }
        socket.connect(new InetSocketAddress(address, target.port()), connectMillis);
        // before the TLS handshake, which could otherwise wait forever on a silent peer
        socket.setSoTimeout(soTimeout(deadline));
        Socket s = secure(socket, target);
        var out = s.getOutputStream();
        out.write(head(target, headers, body.length));
        out.write(body);
        out.flush();
        s.setSoTimeout(soTimeout(deadline));
        return status(s.getInputStream());
    }

    private int soTimeout(long deadline) throws SocketTimeoutException {
        long left = Math.min(readTimeout.toMillis(), remaining(deadline));
        if (left <= 0) {
            throw new SocketTimeoutException("no time left for an answer");
        }
        return (int) left;
    }

    private static long remaining(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    private Socket secure(Socket socket, CallbackTarget target) throws IOException {
        if (!"https".equals(target.uri().getScheme())) {
            return socket;
        }
        var ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
        var params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(target.host())) {
            // SNI carries names only; the certificate check above still applies to an address
            params.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    // the policy lets IPv4 through only as a dotted quad, and IPv6 literals hold colons
    static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    static byte[] head(CallbackTarget target, Map<String, String> headers, int length) {
        var uri = target.uri();
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        var host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        boolean defaultPort = target.port() == ("https".equals(uri.getScheme()) ? 443 : 80);
        var sb = new StringBuilder()
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(defaultPort ? host : host + ":" + target.port())
                .append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(length)
                .append("\r\nConnection: close\r\nUser-Agent: spark-job-service\r\n");
        headers.forEach(
                (name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static int status(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() >= MAX_STATUS_LINE) {
                throw new IOException("status line too long");
            }
            line.write(b);
        }
        var text = line.toString(StandardCharsets.ISO_8859_1).strip();
        var parts = text.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer");
        }
        return Integer.parseInt(parts[1]);
    }
}
