/** The socket implementation: native epoll when available, NIO otherwise. */
package io.palisade.proxy.transport;
