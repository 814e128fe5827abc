package io.opsplane.console.compensation.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What walking the audit chain found. Intact: {@code verifiedUpTo} is the newest entry's id (null for an empty
 * log), {@code entries} how many were checked and {@code headHash} the newest hash, worth keeping outside the
 * database to notice a rewrite of the whole chain. Broken: {@code firstBroken} is the id of the first entry that
 * does not check out, {@code reason} says why, and {@code verifiedUpTo} the last entry before it that did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerification(boolean intact, Long verifiedUpTo, Long entries, String headHash, Long firstBroken,
                                String reason) {

    static AuditVerification intact(Long verifiedUpTo, long entries, String headHash) {
        return new AuditVerification(true, verifiedUpTo, entries, headHash, null, null);
    }

    static AuditVerification broken(Long verifiedUpTo, long firstBroken, String reason) {
        return new AuditVerification(false, verifiedUpTo, null, null, firstBroken, reason);
    }
}
