package io.palisade.proxy.connect;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The answers a device gets to its CONNECT. Only the status line is for the device: why it was
 * refused goes to the audit trail, never to the device. Every answer but {@link #ESTABLISHED}
 * ends the connection.
 */
enum ConnectResponse {
    ESTABLISHED("200 Connection Established", ""),
    BAD_REQUEST("400 Bad Request", "Content-Length: 0\r\nConnection: close\r\n"),
    FORBIDDEN("403 Forbidden", "Content-Length: 0\r\nConnection: close\r\n"),
    METHOD_NOT_ALLOWED("405 Method Not Allowed", "Allow: CONNECT\r\nContent-Length: 0\r\nConnection: close\r\n"),
    BAD_GATEWAY("502 Bad Gateway", "Content-Length: 0\r\nConnection: close\r\n"),
    GATEWAY_TIMEOUT("504 Gateway Timeout", "Content-Length: 0\r\nConnection: close\r\n");

    private final byte[] bytes;

    ConnectResponse(String status, String headers) {
        this.bytes = ("HTTP/1.1 " + status + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The response, head only, as bytes to write. */
    ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /** The status code. */
    int code() {
        return (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
    }
}
