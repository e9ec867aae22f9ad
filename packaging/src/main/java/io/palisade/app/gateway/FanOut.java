package io.palisade.app.gateway;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.events.ConnectionRefused;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.ProxyEvents;

/**
 * Hands each data-plane event to several listeners in order (drain tracking, metrics, audit log);
 * one that throws is logged and does not keep the event from the others.
 */
final class FanOut implements ProxyEvents {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final List<ProxyEvents> listeners;

    FanOut(List<ProxyEvents> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void handshakeSucceeded(HandshakeSucceeded event) {
        each(l -> l.handshakeSucceeded(event));
    }

    @Override
    public void refused(ConnectionRefused event) {
        each(l -> l.refused(event));
    }

    @Override
    public void closed(ConnectionClosed event) {
        each(l -> l.closed(event));
    }

    private void each(Consumer<ProxyEvents> call) {
        for (ProxyEvents listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.error("event listener {} failed", listener.getClass().getName(), e);
            }
        }
    }
}
