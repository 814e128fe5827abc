package io.opsplane.console.compensation.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Checks the audit log's hash chain: each entry's hash is SHA-256 over a canonical encoding of its content and
 * the previous entry's hash (entry #1 chains to {@link #GENESIS}). The database computes the hashes on insert
 * (migration V24); this recomputes them independently, in id order, a page at a time so a large log is
 * streamed rather than loaded.
 */
@Service
public class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    static final int PAGE = 1_000;

    private final JdbcTemplate jdbc;
    /** One walk at a time per node: a walk reads the whole log, and any VIEWER may ask for one. */
    private final ReentrantLock walking = new ReentrantLock();

    AuditChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public AuditVerification verify() {
        walking.lock();
        try {
            return walk();
        } finally {
            walking.unlock();
        }
    }

    private AuditVerification walk() {
        // read first: entries appended while walking are checked too, but the walk must reach at least this one
        Map<String, Object> head = jdbc.queryForMap("SELECT last_id, last_hash FROM operator_audit_chain_head");
        Long headId = head.get("last_id") == null ? null : ((Number) head.get("last_id")).longValue();
        String headHash = (String) head.get("last_hash");

        String expectedPrev = GENESIS;
        Long lastGood = null;
        long checked = 0;
        boolean headSeen = headId == null;
        while (true) {
            List<Link> page = jdbc.query("""
                    SELECT id, recorded_at, actor, action, saga_id, saga_type, action_id, bulk_job_id, policy_id, reason,
                           commands::text AS commands, outcome, details::text AS details, prev_hash, hash
                    FROM operator_audit WHERE id > ? ORDER BY id LIMIT ?""", AuditChain::link,
                    lastGood == null ? Long.MIN_VALUE : lastGood, PAGE);
            for (Link link : page) {
                if (link.hash == null || link.prevHash == null) {
                    return AuditVerification.broken(lastGood, link.id,
                            "entry #" + link.id + " has no hash: it was written past the chain's trigger");
                }
                if (!link.prevHash.equals(expectedPrev)) {
                    return AuditVerification.broken(lastGood, link.id, lastGood == null
                            ? "entry #" + link.id + " does not chain to the start of the log: entries before it were removed"
                            : "entry #" + link.id + " does not chain to entry #" + lastGood
                                    + ": an entry between them was removed or inserted");
                }
                if (!hash(expectedPrev, link).equals(link.hash)) {
                    return AuditVerification.broken(lastGood, link.id,
                            "entry #" + link.id + " does not match its hash: it was changed after it was written");
                }
                if (headId != null && link.id == headId) {
                    if (!link.hash.equals(headHash)) {
                        return AuditVerification.broken(lastGood, link.id,
                                "entry #" + link.id + " is not the entry the chain's head recorded: the log was rewritten");
                    }
                    headSeen = true;
                }
                expectedPrev = link.hash;
                lastGood = link.id;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!headSeen) {
            return AuditVerification.broken(lastGood, headId,
                    "entry #" + headId + ", the newest the chain recorded, is missing: entries at the end were removed");
        }
        return AuditVerification.intact(lastGood, checked, expectedPrev);
    }

    /** The hash of {@code link} chained to {@code prevHash}, encoded as V24's operator_audit_hash does. */
    static String hash(String prevHash, Link link) {
        StringBuilder text = new StringBuilder("opsplane-audit-v1\n").append(prevHash).append('\n');
        field(text, String.valueOf(link.id));
        field(text, String.valueOf(link.recordedAtMicros));
        field(text, link.actor);
        field(text, link.action);
        field(text, link.sagaId);
        field(text, link.sagaType);
        field(text, link.actionId);
        field(text, link.bulkJobId);
        field(text, link.policyId);
        field(text, link.reason);
        field(text, link.commands);
        field(text, link.outcome);
        field(text, link.details);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void field(StringBuilder text, String value) {
        if (value == null) {
            text.append('~');
        } else {
            text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
    }

    /** One entry as the chain sees it: numbers and JSON as the text PostgreSQL prints for them. */
    record Link(long id, long recordedAtMicros, String actor, String action, String sagaId, String sagaType,
                String actionId, String bulkJobId, String policyId, String reason, String commands, String outcome,
                String details, String prevHash, String hash) {
    }

    private static Link link(ResultSet rs, int row) throws SQLException {
        OffsetDateTime at = rs.getObject("recorded_at", OffsetDateTime.class);
        long micros = Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        return new Link(rs.getLong("id"), micros, rs.getString("actor"), rs.getString("action"),
                rs.getString("saga_id"), rs.getString("saga_type"), rs.getString("action_id"),
                rs.getString("bulk_job_id"), rs.getString("policy_id"), rs.getString("reason"),
                rs.getString("commands"), rs.getString("outcome"), rs.getString("details"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
