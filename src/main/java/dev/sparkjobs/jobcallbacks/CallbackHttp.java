package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.callbacks.CallbackTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    CallbackHttp(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
    }

    /** POSTs {@code body} and returns the status code; throws for no answer. */
    int post(CallbackTarget target, Map<String, String> headers, byte[] body) throws IOException {
        IOException last = null;
        for (var address : target.addresses()) {
            var socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, target.port()), (int) connectTimeout.toMillis());
            } catch (IOException e) {
                socket.close();
                last = e;
                continue;
            }
            // before the TLS handshake, which could otherwise wait forever on a silent peer
            socket.setSoTimeout((int) readTimeout.toMillis());
            Socket secured;
            try {
                secured = secure(socket, target);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            try (var s = secured) {
                var out = s.getOutputStream();
                out.write(head(target, headers, body.length));
                out.write(body);
                out.flush();
                return status(s.getInputStream());
            }
        }
        throw last;
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
