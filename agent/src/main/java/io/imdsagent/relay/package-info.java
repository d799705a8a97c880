/**
 * The connection-level boundary: every TCP connection Java code opens to IMDS or a container credential
 * endpoint (from hooks on {@code Socket}, {@code SocketChannel} and Netty's native sockets, through the
 * bridge) is handed to an in-agent relay on loopback, which reads each HTTP/1.1 request and applies the
 * policy's rules with the caller found when the connection was made. Called by the bridge handler only;
 * calls policy and imds.
 */
package io.imdsagent.relay;
