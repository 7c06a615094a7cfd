package dev.sparkjobs.web;

import java.io.IOException;

/** A request body past the limit; an IOException so that it travels out of the JSON reader. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes (" + limit / 1024 / 1024 + " MiB)");
    }
}
