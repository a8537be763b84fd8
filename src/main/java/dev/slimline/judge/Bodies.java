package dev.slimline.judge;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an answer's body is: JSON, text, or neither. */
final class Bodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Bodies() {
    }

    /** The body as text when it is kept, its type may hold text, and it is valid UTF-8; null otherwise. */
    static String text(Answer answer) {
        if (answer.body() == null || !textual(answer.contentType())) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(answer.body())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The body as JSON when it is JSON (by its type, or by its first character when it has none); null otherwise. */
    static JsonNode json(Answer answer) {
        String text = text(answer);
        if (text == null) {
            return null;
        }
        String type = answer.contentType() == null ? "" : answer.contentType().toLowerCase(Locale.ROOT);
        String start = text.stripLeading();
        boolean looksJson = type.contains("json") || (!type.startsWith("text/html") && !type.contains("xml")
                && (start.startsWith("{") || start.startsWith("[")));
        if (!looksJson) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean textual(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.contains("x-www-form-urlencoded") || type.contains("yaml");
    }

    /** A value as a short quote for a message. */
    static String quote(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ");
        return "\"" + (flat.length() > 40 ? flat.substring(0, 37) + "..." : flat) + "\"";
    }

    static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
