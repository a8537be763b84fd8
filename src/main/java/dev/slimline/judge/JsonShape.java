package dev.slimline.judge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * What a JSON answer must look like when the original's two answers differed: the first answer's
 * shape (the same keys at every level, the same JSON types, the same array lengths), with the
 * leaves that varied between the two free to hold any value of their type. Where even the shape
 * varied (a key present in one answer only, an array of another length, another type), anything
 * is accepted at that place. Keys may come in any order.
 *
 * @param template the original's first answer
 * @param variedLeaves pointers of leaves whose values varied
 * @param variedShapes pointers of places whose shape varied
 */
record JsonShape(JsonNode template, Set<String> variedLeaves, Set<String> variedShapes) {

    static JsonShape learn(JsonNode first, JsonNode second) {
        Set<String> leaves = new HashSet<>();
        Set<String> shapes = new HashSet<>();
        learn(first, second, "", leaves, shapes);
        return new JsonShape(first, Set.copyOf(leaves), Set.copyOf(shapes));
    }

    private static void learn(JsonNode a, JsonNode b, String pointer, Set<String> leaves, Set<String> shapes) {
        if (type(a) != type(b)) {
            shapes.add(pointer);
        } else if (a.isObject()) {
            if (!new HashSet<>(a.propertyNames()).equals(new HashSet<>(b.propertyNames()))) {
                shapes.add(pointer);
                return;
            }
            for (String key : a.propertyNames()) {
                learn(a.get(key), b.get(key), pointer + "/" + escape(key), leaves, shapes);
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                shapes.add(pointer);
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                learn(a.get(i), b.get(i), pointer + "/" + i, leaves, shapes);
            }
        } else if (!sameValue(a, b)) {
            leaves.add(pointer);
        }
    }

    /** The first place (in the template's order) where {@code answer} does not fit; null when it fits. */
    Verdict judge(JsonNode answer, Method method) {
        return compare(template, answer, "", method);
    }

    private Verdict compare(JsonNode expected, JsonNode actual, String pointer, Method method) {
        if (variedShapes.contains(pointer)) {
            return null;
        }
        if (type(expected) != type(actual)) {
            return Verdict.atPointer(method, pointer, "a " + name(type(actual)) + " where the original had a "
                    + name(type(expected)));
        }
        if (expected.isObject()) {
            Set<String> keys = new LinkedHashSet<>(expected.propertyNames());
            for (String key : keys) {
                String child = pointer + "/" + escape(key);
                if (!actual.has(key)) {
                    return Verdict.atPointer(method, child, "missing (the original had "
                            + Bodies.describe(expected.get(key)) + ")");
                }
                Verdict inner = compare(expected.get(key), actual.get(key), child, method);
                if (inner != null) {
                    return inner;
                }
            }
            List<String> extra = new ArrayList<>(actual.propertyNames());
            extra.removeAll(keys);
            if (!extra.isEmpty()) {
                return Verdict.atPointer(method, pointer + "/" + escape(extra.get(0)),
                        "not in the original's answer");
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return Verdict.atPointer(method, pointer, actual.size() + " items where the original had "
                        + expected.size());
            }
            for (int i = 0; i < expected.size(); i++) {
                Verdict inner = compare(expected.get(i), actual.get(i), pointer + "/" + i, method);
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (variedLeaves.contains(pointer) || sameValue(expected, actual)) {
            return null;
        }
        return Verdict.atPointer(method, pointer, Bodies.describe(actual) + " where the original had "
                + Bodies.describe(expected));
    }

    /** Numbers compare by value (1 and 1.0 are the same number), everything else by equality. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNodeType type(JsonNode node) {
        return node.getNodeType();
    }

    private static String name(JsonNodeType type) {
        return type.name().toLowerCase();
    }

    /** RFC 6901: {@code ~} and {@code /} in a key are escaped. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
