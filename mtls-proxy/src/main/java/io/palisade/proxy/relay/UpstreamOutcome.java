package io.palisade.proxy.relay;

import io.netty.channel.Channel;

/**
 * What a protocol stage tells its device when the {@link RelayHandler} has reached the upstream
 * or failed to (CONNECT answers {@code 200}, or {@code 502}/{@code 504}). A fixed route says
 * nothing: its device just starts receiving, or is closed.
 */
public interface UpstreamOutcome {

    /** Says nothing either way (fixed routes). */
    UpstreamOutcome SILENT = new UpstreamOutcome() {};

    /**
     * The upstream is connected and nothing has been relayed yet either way: write the protocol's
     * go-ahead to {@code device} here (it goes out before any upstream byte).
     */
    default void reached(Channel device) {}

    /**
     * The upstream could not be reached ({@code cause}; a {@link io.netty.channel.ConnectTimeoutException}
     * when it did not answer in time): write the protocol's error to {@code device} here. The relay
     * has reported the refusal and closes the device once this is flushed.
     */
    default void unreachable(Channel device, Throwable cause) {}
}
