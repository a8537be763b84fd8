package dev.slimline.judge;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an answer was judged. */
public enum Method {
    /** The original answered identically twice: the same status and the same bytes. */
    @JsonProperty("exact")
    EXACT,
    /**
     * The original's answers varied: the same status, and the same JSON shape with the stable
     * leaves equal, or the same text with the varying spans masked, or (binary) the same content type.
     */
    @JsonProperty("structure")
    STRUCTURE,
    /** The user's {@code expect} rule decided. */
    @JsonProperty("rule")
    RULE
}
