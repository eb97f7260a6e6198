package net.voxedge.backbone.gateway;

/**
 * Outcome of {@link OpenRequest#parse}: exactly one of {@code request} and {@code error} is set.
 *
 * @param request the parsed OPEN, or null
 * @param error   what was wrong, for the CLOSE reason and the log, or null
 */
public record OpenParseResult(OpenRequest request, String error) {
    static OpenParseResult ok(OpenRequest r) {
        return new OpenParseResult(r, null);
    }

    static OpenParseResult bad(String error) {
        return new OpenParseResult(null, error);
    }

    /** True when the payload was a valid OPEN. */
    public boolean isOk() {
        return request != null;
    }
}
