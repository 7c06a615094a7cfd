package dev.sparkjobs.web;

/** A query parameter that could not be understood (a cursor or a tag filter). */
class BadRequestException extends RuntimeException {

    private final String field;

    BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
