package dev.sparkjobs.callbacks;

/** A callback URL the rules refuse; its message says why and is fit for the caller who gave it. */
public class CallbackRefusedException extends RuntimeException {

    private final transient CallbackCheck.Refused refusal;

    public CallbackRefusedException(CallbackCheck.Refused refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public CallbackCheck.Refused refusal() {
        return refusal;
    }
}
