package dev.sparkjobs.callbacks;

/** What {@link CallbackPolicy#check} says of a callback URL: a target to deliver to, or why not. */
public sealed interface CallbackCheck {

    /** The URL may be called, at the target's addresses. */
    record Allowed(CallbackTarget target) implements CallbackCheck {}

    /**
     * The URL may not be called.
     *
     * @param reason which rule refused it
     * @param addressClass for {@link Reason#ADDRESS} and {@link Reason#SPECIAL_NAME}: what the host
     *     is; otherwise null
     * @param message for the caller: the host (never the whole URL, whose query may hold a secret)
     *     and what to change
     */
    record Refused(Reason reason, AddressClass addressClass, String message) implements CallbackCheck {}

    /** Why a URL was refused. */
    enum Reason {
        /** Not an absolute URL with a host, or a port out of range. */
        MALFORMED,
        /** Not {@code http} or {@code https}, or a scheme the configuration does not allow. */
        SCHEME,
        /** A user name or password in the URL. */
        USERINFO,
        /** An IPv4 address written other than as a dotted quad ({@code 127.1}, {@code 0x7f000001}). */
        NONSTANDARD_IPV4,
        /** The host name does not resolve. */
        UNRESOLVABLE,
        /** A name that means this host or a metadata service ({@code localhost}, {@code metadata}). */
        SPECIAL_NAME,
        /** The host is, or resolves to, an address of a refused class. */
        ADDRESS,
        /** Only listed hosts are allowed, and this one is not. */
        NOT_LISTED
    }

    /**
     * The target, if allowed.
     *
     * @throws CallbackRefusedException carrying the refusal otherwise
     */
    default CallbackTarget orElseThrow() {
        if (this instanceof Allowed allowed) {
            return allowed.target();
        }
        throw new CallbackRefusedException((Refused) this);
    }
}
