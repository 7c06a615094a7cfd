package dev.sparkjobs.web;

import dev.sparkjobs.job.JobPage;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns list parameters into a {@link JobQuery} and a page into a response; owns the cursor format. */
final class JobQueries {

    private static final String CURSOR_PREFIX = "v1:";

    private JobQueries() {}

    static JobQuery query(
            String tenant,
            List<JobState> states,
            String type,
            String pool,
            List<String> tags,
            int limit,
            String cursor) {
        if (states != null && states.stream().anyMatch(Objects::isNull)) { // a blank value, e.g. ?state=+
            throw new BadRequestException(
                    "state", "each value must be one of " + Arrays.toString(JobState.values()) + "; was blank");
        }
        Map<String, String> tagFilter = new LinkedHashMap<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("tag", "tag filter must be key:value, was '" + tag + "'");
            }
            tagFilter.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
        return new JobQuery(
                tenant,
                states == null ? Set.of() : Set.copyOf(states),
                type,
                pool,
                tagFilter,
                limit,
                cursor == null ? null : decode(cursor));
    }

    static JobListResponse page(JobPage page) {
        return new JobListResponse(
                page.jobs().stream().map(JobSummary::of).toList(),
                page.nextBeforeSeq() == null ? null : encode(page.nextBeforeSeq()));
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                long seq = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
                if (seq > 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequestException("cursor", "not a cursor this service issued: '" + cursor + "'");
    }
}
