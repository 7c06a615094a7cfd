package dev.sparkjobs.guardrails;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import scala.Option;
import scala.Product;

/** Reading the members of Scala case classes from Java: by name, as text, as lists of names. */
final class Members {

    private Members() {}

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static void addIfDefined(List<String> parts, Object value) {
        String s = text(value);
        if (s != null) {
            parts.add(s);
        }
    }

    /** A String, an Option of one, or a URI, as text; null otherwise. */
    static String text(Object value) {
        if (value instanceof Option<?> option) {
            return option.isDefined() ? text(option.get()) : null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof URI uri) {
            return uri.toString();
        }
        return null;
    }

    /** A Seq of strings as a list; null if it is anything else. */
    static List<String> strings(Object value) {
        if (!(value instanceof scala.collection.Seq<?> seq)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        var it = seq.iterator();
        while (it.hasNext()) {
            if (!(it.next() instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** {@link #field} of something that may not be a Product (then null). */
    static Object member(Object product, String name) {
        return product instanceof Product p ? field(p, name) : null;
    }

    static Object field(Product product, String name) {
        for (int i = 0; i < product.productArity(); i++) {
            try {
                if (product.productElementName(i).equals(name)) {
                    return product.productElement(i);
                }
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** A call of a function, by the class of the node that names it. */
    static boolean isFunctionCall(String ownerName) {
        return ownerName.startsWith("Unresolved")
                && (ownerName.contains("Function") || ownerName.contains("Generator"))
                && !ownerName.equals("UnresolvedFunctionName");
    }

    /** Names of tables, views and of what CREATE makes; not of columns, functions or namespaces. */
    static boolean isRelation(String ownerName) {
        return ownerName.equals("UnresolvedIdentifier")
                || ownerName.startsWith("Unresolved")
                        && (ownerName.contains("Table")
                                || ownerName.contains("Relation")
                                || ownerName.contains("View"));
    }
}
