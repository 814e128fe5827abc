package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads telemetry request bodies (OTLP, Zipkin, Jaeger) within {@link OtlpAdmission}'s in-flight byte budget: a
 * request whose claimed length does not fit is refused before a byte of it is read, and the bytes of an admitted
 * one are held in chunks taken from the budget as they arrive (never a buffer sized from what the client claims).
 * Every receiver shares the one budget, so no format is a way around it.
 */
@Component
public class IntakeBodies {

    /** The unit in which bytes are taken from the budget and held; small enough that a stalled body costs little. */
    static final int CHUNK = 64 * 1024;
    /** When the budget is full: senders back off this long; requests finish in well under a second. */
    private static final Duration BUDGET_RETRY_AFTER = Duration.ofSeconds(1);

    private final OtlpAdmission admission;
    private final long maxRequestBytes;
    private final Duration bodyTimeout;

    IntakeBodies(OtlpAdmission admission, OtlpProperties properties) {
        this.admission = admission;
        // a request larger than the whole budget could never be admitted: refused as too large, not retried forever
        this.maxRequestBytes = Math.min(properties.maxRequestBytes(), admission.budget());
        this.bodyTimeout = properties.bodyTimeout();
    }

    /** What a receiver does with a body while it is held: decode it and hand it on. */
    public interface Handler<T> {
        T handle(Body body) throws IOException;
    }

    /** A received body, uncompressed, parsed in place: protobuf from a rope over its chunks, anything else from a stream. */
    public interface Body {
        ByteString bytes();

        default InputStream input() {
            return bytes().newInput();
        }

        long size();
    }

    /**
     * Reads the request's body (gzip-decoded when it says so) and runs {@code handler} on it, giving the bytes back
     * to the budget afterwards whatever happens.
     *
     * @throws Refused when the body is too large, over the budget, too slow or in an unsupported encoding; the
     *                 receiver answers with its status in its own format
     * @throws IOException when the body cannot be read, or {@code handler} cannot decode it
     */
    public <T> T read(HttpServletRequest request, Handler<T> handler) throws IOException {
        long claimed = request.getContentLengthLong();
        if (claimed > maxRequestBytes) {
            throw tooLarge();
        }
        // refused before its body is read: a claimed length (or, chunked, the first chunk) that the budget cannot hold
        if (!admission.fits(claimed >= 0 ? claimed : CHUNK)) {
            throw overBudget(admission.budget());
        }
        try (ReceivedBody body = new ReceivedBody(admission)) {
            try {
                read(request, body);
            } catch (IOException e) {
                if (!(e instanceof Refused) && causedBy(e, SocketTimeoutException.class)) {
                    throw new Refused(HttpStatus.REQUEST_TIMEOUT,
                            "the request body stopped arriving (opsplane.otlp.read-timeout)", null);
                }
                throw e;
            }
            return handler.handle(body);
        }
    }

    /**
     * The body, uncompressed, into {@code body}: refused when larger than allowed before or after decompression,
     * when the budget runs out, or when it takes longer than the body timeout to arrive.
     */
    private void read(HttpServletRequest request, ReceivedBody body) throws IOException {
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        InputStream in = request.getInputStream();
        boolean gzip = false;
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            if (!contentEncoding.equalsIgnoreCase("gzip")) {
                throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding '" + contentEncoding
                        + "'; gzip is accepted", null);
            }
            gzip = true;
        }
        long deadline = System.nanoTime() + bodyTimeout.toNanos();
        long claimed = request.getContentLengthLong();
        try (InputStream stream = gzip ? new GZIPInputStream(in, 8 * 1024) : in) {
            while (true) {
                // the last chunk of a body of known length is only as large as what is left of it
                int room = !gzip && claimed >= 0 ? (int) Math.min(CHUNK, Math.max(1, claimed - body.size() + 1)) : CHUNK;
                byte[] chunk = body.chunk(room);
                int filled = 0;
                int n;
                while (filled < chunk.length && (n = stream.read(chunk, filled, chunk.length - filled)) != -1) {
                    filled += n;
                    if (body.size() + filled > maxRequestBytes) {
                        throw tooLarge();
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new Refused(HttpStatus.REQUEST_TIMEOUT, "the request body took longer than "
                                + bodyTimeout.toSeconds() + " s to arrive (opsplane.otlp.body-timeout)", null);
                    }
                }
                body.filled(filled);
                if (filled < chunk.length) {
                    return;
                }
            }
        }
    }

    private Refused tooLarge() {
        return new Refused(HttpStatus.CONTENT_TOO_LARGE, "the request is larger than the receiver accepts ("
                + maxRequestBytes + " bytes, opsplane.otlp.max-request-bytes)", null);
    }

    private static Refused overBudget(long budget) {
        return new Refused(HttpStatus.TOO_MANY_REQUESTS, "the receiver is holding as many request bytes as it may ("
                + budget + ", opsplane.otlp.in-flight-bytes); retry later", BUDGET_RETRY_AFTER);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** A body refused before it was decoded, with the HTTP status to answer and, for 429, when to retry. */
    public static final class Refused extends IOException {
        private final HttpStatus status;
        private final Duration retryAfter;

        Refused(HttpStatus status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public HttpStatus status() {
            return status;
        }

        /** When the sender may try again, or null. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A request body as the chunks it arrived in, each taken from the budget before it is allocated and all given back on close. */
    private static final class ReceivedBody implements Body, AutoCloseable {
        private final OtlpAdmission admission;
        private final List<byte[]> chunks = new ArrayList<>();
        private long reserved;
        private long size;
        private int lastFilled;

        ReceivedBody(OtlpAdmission admission) {
            this.admission = admission;
        }

        /** A new chunk of {@code length} bytes, taken from the budget first. */
        byte[] chunk(int length) throws Refused {
            if (!admission.reserve(length)) {
                throw overBudget(admission.budget());
            }
            reserved += length;
            byte[] chunk = new byte[length];
            chunks.add(chunk);
            return chunk;
        }

        /** How much of the newest chunk was filled. */
        void filled(int bytes) {
            size += bytes;
            lastFilled = bytes;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ByteString bytes() {
            List<ByteString> parts = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                byte[] chunk = chunks.get(i);
                parts.add(UnsafeByteOperations.unsafeWrap(chunk, 0, i == chunks.size() - 1 ? lastFilled : chunk.length));
            }
            return ByteString.copyFrom(parts);
        }

        @Override
        public void close() {
            admission.release(reserved);
            reserved = 0;
            chunks.clear();
        }
    }
}
