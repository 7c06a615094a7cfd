package dev.sparkjobs.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API key sent as {@code X-API-Key} or as a bearer token. A bearer token that is
 * no API key is left to the JWT resource server when one is configured (a JWT has two dots; a key
 * has none), and refused otherwise.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final boolean jwtEnabled;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyFilter(ApiKeys keys, boolean jwtEnabled, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.jwtEnabled = jwtEnabled;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String apiKey = request.getHeader(HEADER);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim()
                : null;
        if (apiKey != null && authorization != null) {
            refuse(request, response, "send one credential: X-API-Key or Authorization, not both");
            return;
        }
        String presented = apiKey != null ? apiKey : bearer;
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = keys.match(presented);
        if (caller.isPresent()) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller.get(), "api-key"));
            SecurityContextHolder.setContext(context);
            chain.doFilter(request, response);
            return;
        }
        if (apiKey == null && jwtEnabled && looksLikeJwt(bearer)) {
            chain.doFilter(request, response); // the resource server decides
            return;
        }
        refuse(request, response, apiKey != null || !jwtEnabled ? "unknown API key" : "neither an API key nor a JWT");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String why)
            throws IOException, ServletException {
        SecurityContextHolder.clearContext();
        entryPoint.commence(request, response, new BadCredentialsException(why));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
