package dev.sparkjobs.web;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;

/** The bad-input cases on the shared context, with H2. */
class BadInputIT extends AbstractIT implements BadInputCases {

    @Override
    public Api api() {
        return api;
    }
}
