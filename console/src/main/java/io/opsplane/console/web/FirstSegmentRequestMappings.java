package io.opsplane.console.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring MVC's annotated mappings, looked up among those whose paths can start with the request's first segment.
 * For a path with a variable, such as a Jaeger trace by id, Spring checks every one of the console's ~70 mappings on
 * each request, to rank all that match: 15 % of a trace by id's CPU in a profile. Whatever this lookup cannot settle
 * alone (a path some mapping names literally, nothing matched, two equally good, a CORS pre-flight, an encoded or
 * unusual first segment) goes to Spring's own, so that every answer stays Spring's.
 */
final class FirstSegmentRequestMappings extends RequestMappingHandlerMapping {

    private volatile Index index;

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        Index current = index;
        if (current == null) {
            current = Index.of(this);
            index = current;
        }
        List<Candidate> candidates = current.candidates(lookupPath);
        if (candidates == null || CorsUtils.isPreFlightRequest(request)) {
            return springLookup(lookupPath, request);
        }
        RequestMappingInfo best = null;
        HandlerMethod bestHandler = null;
        boolean tied = false;
        for (Candidate candidate : candidates) {
            RequestMappingInfo match = getMatchingMapping(candidate.mapping(), request);
            if (match == null) {
                continue;
            }
            int order = best == null ? -1 : getMappingComparator(request).compare(match, best);
            if (order < 0) {
                best = match;
                bestHandler = candidate.handler();
                tied = false;
            } else if (order == 0) {
                tied = true;
            }
        }
        if (best == null || tied) {
            return springLookup(lookupPath, request);
        }
        request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, bestHandler);
        handleMatch(best, lookupPath, request);
        return bestHandler;
    }

    /** Spring's own lookup over every mapping. */
    HandlerMethod springLookup(String lookupPath, HttpServletRequest request) throws Exception {
        return super.lookupHandlerMethod(lookupPath, request);
    }

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        index = null;
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        index = null;
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        index = null;
    }

    private record Candidate(RequestMappingInfo mapping, HandlerMethod handler) {
    }

    /**
     * The mappings by the literal first segment of their paths; those whose first segment is a variable or wildcard
     * are candidates for every path. Null candidates send the request to Spring's lookup.
     */
    private record Index(Map<String, List<Candidate>> bySegment, List<Candidate> anySegment, Set<String> literalPaths,
                         boolean usable) {

        static Index of(FirstSegmentRequestMappings mappings) {
            PathPatternParser parser = mappings.getPatternParser();
            boolean usable = parser != null && parser.isCaseSensitive();
            Map<String, List<Candidate>> bySegment = new HashMap<>();
            List<Candidate> anySegment = new ArrayList<>();
            Set<String> literalPaths = new HashSet<>();
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
                Candidate candidate = new Candidate(entry.getKey(), entry.getValue());
                PathPatternsRequestCondition paths = entry.getKey().getPathPatternsCondition();
                if (paths == null || paths.getPatterns().isEmpty()) {
                    usable = false;
                    continue;
                }
                literalPaths.addAll(mappings.getDirectPaths(entry.getKey()));
                Set<String> segments = new HashSet<>();
                boolean anywhere = false;
                for (PathPattern pattern : paths.getPatterns()) {
                    String segment = firstSegment(pattern.getPatternString());
                    if (segment == null || !isLiteral(segment)) {
                        anywhere = true;
                    } else {
                        segments.add(segment);
                    }
                }
                if (anywhere) {
                    anySegment.add(candidate);
                } else {
                    segments.forEach(s -> bySegment.computeIfAbsent(s, k -> new ArrayList<>()).add(candidate));
                }
            }
            bySegment.values().forEach(list -> list.addAll(anySegment));
            return new Index(bySegment, anySegment, literalPaths, usable);
        }

        List<Candidate> candidates(String lookupPath) {
            if (!usable || literalPaths.contains(lookupPath)) {
                return null;
            }
            String segment = firstSegment(lookupPath);
            // a literal pattern matches the decoded segment; an encoded one is left to Spring
            if (segment == null || !isLiteral(segment) || segment.indexOf('%') >= 0) {
                return null;
            }
            return bySegment.getOrDefault(segment, anySegment);
        }

        /** The text between the leading '/' and the next; null for a path of one segment or none. */
        private static String firstSegment(String path) {
            if (path.length() < 2 || path.charAt(0) != '/') {
                return null;
            }
            int end = path.indexOf('/', 1);
            return end < 0 ? null : path.substring(1, end);
        }

        private static boolean isLiteral(String segment) {
            if (segment.isEmpty()) {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '{' || c == '}' || c == '*' || c == '?' || c == ';') {
                    return false;
                }
            }
            return true;
        }
    }

    @Configuration
    static class Registration {

        @Bean
        WebMvcRegistrations firstSegmentRequestMappings() {
            return new WebMvcRegistrations() {
                @Override
                public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                    return new FirstSegmentRequestMappings();
                }
            };
        }
    }
}
