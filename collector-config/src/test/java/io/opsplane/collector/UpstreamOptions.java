package io.opsplane.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The option names of the Collector components these files use, as the contrib distribution 0.147
 * declares them (the {@code mapstructure} tags of each component's {@code config.go} in
 * opentelemetry-collector and opentelemetry-collector-contrib). No otelcol-contrib binary can be had
 * here (it is not on Maven Central), so the files are checked against these names instead of by
 * {@code otelcol-contrib validate}: a misspelt option, which the Collector refuses at start-up, fails
 * a test.
 */
final class UpstreamOptions {

    /** A nested option block: its own keys; a key mapped to {@link #ANY} takes any value. */
    record Block(Map<String, Block> keys) {
    }

    static final Block ANY = new Block(Map.of());

    private static final Block TLS_CLIENT = block(mapOf(
            "insecure", ANY, "insecure_skip_verify", ANY, "ca_file", ANY, "ca_pem", ANY, "cert_file", ANY,
            "cert_pem", ANY, "key_file", ANY, "key_pem", ANY, "server_name_override", ANY, "min_version", ANY));
    private static final Block SENDING_QUEUE = block(mapOf(
            "enabled", ANY, "num_consumers", ANY, "queue_size", ANY, "storage", ANY, "sizer", ANY,
            "block_on_overflow", ANY, "wait_for_result", ANY, "batch", ANY));
    private static final Block RETRY_ON_FAILURE = block(mapOf(
            "enabled", ANY, "initial_interval", ANY, "max_interval", ANY, "max_elapsed_time", ANY,
            "multiplier", ANY, "randomization_factor", ANY));
    private static final Block AUTH = block(mapOf("authenticator", ANY));
    private static final Block SERVER = block(mapOf(
            "endpoint", ANY, "tls", ANY, "max_recv_msg_size_mib", ANY, "cors", ANY, "auth", ANY,
            "include_metadata", ANY, "keepalive", ANY, "traces_url_path", ANY, "logs_url_path", ANY,
            "metrics_url_path", ANY));

    static final Map<String, Block> RECEIVERS = mapOf(
            "otlp", block(mapOf("protocols", block(mapOf("grpc", SERVER, "http", SERVER)))),
            // receiver/zipkinreceiver: the HTTP server's options and parse_string_tags
            "zipkin", block(mapOf("endpoint", ANY, "tls", ANY, "cors", ANY, "auth", ANY, "include_metadata", ANY,
                    "parse_string_tags", ANY)),
            // receiver/jaegerreceiver: thrift_http is an HTTP server, the UDP ones take their own options
            "jaeger", block(mapOf("protocols", block(mapOf("grpc", SERVER, "thrift_http", SERVER,
                    "thrift_binary", ANY, "thrift_compact", ANY)))));

    static final Map<String, Block> PROCESSORS = mapOf(
            "memory_limiter", block(mapOf("check_interval", ANY, "limit_mib", ANY, "spike_limit_mib", ANY,
                    "limit_percentage", ANY, "spike_limit_percentage", ANY)),
            "batch", block(mapOf("timeout", ANY, "send_batch_size", ANY, "send_batch_max_size", ANY,
                    "metadata_keys", ANY, "metadata_cardinality_limit", ANY)),
            "tail_sampling", block(mapOf("decision_wait", ANY, "num_traces", ANY, "expected_new_traces_per_sec", ANY,
                    "decision_cache", block(mapOf("sampled_cache_size", ANY, "non_sampled_cache_size", ANY)),
                    // the policies are checked one by one (TailSamplingTest)
                    "policies", ANY, "sample_on_first_match", ANY, "drop_pending_traces_on_shutdown", ANY,
                    "block_on_overflow", ANY)),
            "resourcedetection", block(mapOf("detectors", ANY, "override", ANY, "timeout", ANY,
                    "system", block(mapOf("hostname_sources", ANY, "resource_attributes", ANY)),
                    "env", ANY, "docker", ANY, "ec2", ANY, "gcp", ANY, "azure", ANY, "k8snode", ANY,
                    "http_client", ANY)));

    static final Map<String, Block> EXPORTERS = mapOf(
            "otlp_grpc", block(mapOf("endpoint", ANY, "tls", TLS_CLIENT, "headers", ANY, "compression", ANY,
                    "timeout", ANY, "sending_queue", SENDING_QUEUE, "retry_on_failure", RETRY_ON_FAILURE,
                    "balancer_name", ANY, "auth", AUTH, "keepalive", ANY, "write_buffer_size", ANY)),
            "otlp_http", block(mapOf("endpoint", ANY, "traces_endpoint", ANY, "logs_endpoint", ANY,
                    "metrics_endpoint", ANY, "encoding", ANY, "compression", ANY, "tls", TLS_CLIENT, "headers", ANY,
                    "auth", AUTH, "timeout", ANY, "sending_queue", SENDING_QUEUE, "retry_on_failure", RETRY_ON_FAILURE)),
            "elasticsearch", block(mapOf(
                    "endpoint", ANY, "endpoints", ANY, "cloudid", ANY, "num_workers", ANY,
                    "logs_index", ANY, "logs_dynamic_index", ANY, "metrics_index", ANY, "metrics_dynamic_index", ANY,
                    "traces_index", ANY, "traces_dynamic_index", ANY, "logs_dynamic_id", ANY,
                    "logs_dynamic_pipeline", ANY, "pipeline", ANY,
                    "user", ANY, "password", ANY, "api_key", ANY, "tls", TLS_CLIENT, "headers", ANY,
                    "timeout", ANY, "compression", ANY, "auth", AUTH,
                    "discover", block(mapOf("on_start", ANY, "interval", ANY)),
                    "retry", block(mapOf("enabled", ANY, "max_requests", ANY, "max_retries", ANY,
                            "initial_interval", ANY, "max_interval", ANY, "retry_on_status", ANY)),
                    "flush", block(mapOf("bytes", ANY, "interval", ANY)),
                    "mapping", block(mapOf("mode", ANY, "allowed_modes", ANY)),
                    "logstash_format", block(mapOf("enabled", ANY, "prefix_separator", ANY, "date_format", ANY)),
                    "sending_queue", SENDING_QUEUE, "telemetry", ANY, "include_source_on_error", ANY,
                    "batcher", ANY)));

    static final Map<String, Block> EXTENSIONS = mapOf(
            "health_check", block(mapOf("endpoint", ANY, "path", ANY, "tls", ANY, "response_body", ANY,
                    "check_collector_pipeline", ANY)),
            "basicauth", block(mapOf("client_auth", block(mapOf("username", ANY, "password", ANY)),
                    "htpasswd", ANY)),
            // contrib's bearertokenauth: as a client it sends "<scheme> <token>" in the header (Authorization: Bearer)
            "bearertokenauth", block(mapOf("header", ANY, "scheme", ANY, "token", ANY, "filename", ANY,
                    "tokens", ANY)));

    static Map<String, Block> ofKind(String kind) {
        return switch (kind) {
            case "receivers" -> RECEIVERS;
            case "processors" -> PROCESSORS;
            case "exporters" -> EXPORTERS;
            case "extensions" -> EXTENSIONS;
            default -> Map.of();
        };
    }

    /** What is wrong with {@code settings} against {@code block}: the paths of unknown options. */
    static List<String> unknownOptions(String path, Object settings, Block block) {
        List<String> unknown = new ArrayList<>();
        if (block == ANY || settings == null) {
            return unknown;
        }
        if (!(settings instanceof Map<?, ?> map)) {
            unknown.add(path + " should be a mapping, is " + settings);
            return unknown;
        }
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Block inner = block.keys().get(key);
            if (inner == null) {
                unknown.add(path + "." + key + " (known: " + Set.copyOf(block.keys().keySet()) + ")");
            } else {
                unknown.addAll(unknownOptions(path + "." + key, entry.getValue(), inner));
            }
        }
        return unknown;
    }

    private static Block block(Map<String, Block> keys) {
        return new Block(keys);
    }

    private static Map<String, Block> mapOf(Object... keysAndBlocks) {
        var map = new LinkedHashMap<String, Block>();
        for (int i = 0; i < keysAndBlocks.length; i += 2) {
            map.put((String) keysAndBlocks[i], (Block) keysAndBlocks[i + 1]);
        }
        return map;
    }

    private UpstreamOptions() {
    }
}
