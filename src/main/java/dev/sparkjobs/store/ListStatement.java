package dev.sparkjobs.store;

import java.util.List;

/** A list page's statement and its arguments. */
record ListStatement(String sql, List<Object> args) {}
