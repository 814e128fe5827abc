package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;

/**
 * Protobuf requests whose strings are not all valid UTF-8, which protobuf refuses whole: each such string has its
 * invalid bytes replaced with U+FFFD (as the Collector's own receivers leave a bad string to be written with
 * replacement characters) so that the spans and log records are kept, and the replacements are reported.
 * Requests that are fine are parsed as they are, at no extra cost.
 */
final class InvalidUtf8 {

    /** Protobuf's own nesting limit. */
    private static final int MAX_DEPTH = 100;

    private InvalidUtf8() {
    }

    /** A parsed request and how many of its strings had invalid bytes replaced. */
    record Parsed<T>(T message, int repairedStrings) {

        /** The sink's outcome, with the replacements told: nothing is refused for them. */
        ExportOutcome note(ExportOutcome outcome) {
            if (repairedStrings == 0) {
                return outcome;
            }
            String note = repairedStrings + " string(s) were not valid UTF-8; their invalid bytes were replaced "
                    + "with U+FFFD and the data kept";
            return new ExportOutcome(outcome.rejected(),
                    outcome.errorMessage() == null ? note : outcome.errorMessage() + "; " + note);
        }
    }

    static <T extends Message> Parsed<T> parse(ByteString body, Parser<T> parser, Descriptor type)
            throws InvalidProtocolBufferException {
        try {
            return new Parsed<>(parser.parseFrom(body), 0);
        } catch (InvalidProtocolBufferException refused) {
            int[] repaired = {0};
            ByteString fixed;
            try {
                fixed = repair(body, type, repaired, 0);
            } catch (IOException | RuntimeException notJustUtf8) {
                throw refused;
            }
            if (repaired[0] == 0) {
                throw refused;
            }
            return new Parsed<>(parser.parseFrom(fixed), repaired[0]);
        }
    }

    /** The message re-encoded field by field, string fields made valid UTF-8, everything else copied as it is. */
    private static ByteString repair(ByteString message, Descriptor type, int[] repaired, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidProtocolBufferException("protobuf message nested more than " + MAX_DEPTH + " deep");
        }
        CodedInputStream in = message.newCodedInput();
        ByteString.Output bytes = ByteString.newOutput(message.size());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        int tag;
        while ((tag = in.readTag()) != 0) {
            int number = WireFormat.getTagFieldNumber(tag);
            FieldDescriptor field = type.findFieldByNumber(number);
            if (field != null && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (field.getType() == FieldDescriptor.Type.STRING) {
                    ByteString value = in.readBytes();
                    if (!value.isValidUtf8()) {
                        // the JDK's decoder replaces each malformed sequence with U+FFFD
                        value = ByteString.copyFromUtf8(value.toString(StandardCharsets.UTF_8));
                        repaired[0]++;
                    }
                    out.writeBytes(number, value);
                    continue;
                }
                if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                    out.writeBytes(number, repair(in.readBytes(), field.getMessageType(), repaired, depth + 1));
                    continue;
                }
            }
            in.skipField(tag, out);
        }
        out.flush();
        return bytes.toByteString();
    }
}
