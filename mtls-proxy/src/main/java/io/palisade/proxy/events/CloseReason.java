package io.palisade.proxy.events;

/** Why an admitted connection ended. */
public enum CloseReason {
    /** Both sides finished (or the device closed before its upstream was reached). */
    FINISHED,
    /** No bytes moved either way for the idle timeout. */
    IDLE_TIMEOUT,
    /** The operator cut the device off (deny list): its live connections are closed. */
    DEVICE_CUT_OFF,
    /** A new policy no longer admits the device to this listener (re-judged when the policy changed). */
    POLICY_CHANGED,
    /** The gateway is shutting down. */
    SHUTDOWN,
    /** A side reset the connection or an I/O error occurred. */
    ERROR,
    /** A later stage refused the connection; see the {@link ConnectionRefused} event sent before. */
    REFUSED
}
