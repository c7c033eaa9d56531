package dev.mcpfirewall.audit.siem;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Syslog (RFC 5424) over UDP (one record per datagram) or TCP (octet-counted framing, RFC 6587):
 * facility local0, severity informational, app name {@code mcp-firewall}, msgid {@code audit}, the
 * record's JSON as the message.
 */
public final class SyslogTarget implements SiemTarget {
  private static final int PRI = 16 * 8 + 6; // local0.info

  private final InetSocketAddress address;
  private final boolean tcp;
  private final String hostname;
  private final Clock clock;
  private DatagramSocket udp;
  private Socket socket;

  public SyslogTarget(String host, int port, boolean tcp, String hostname, Clock clock) {
    this.address = new InetSocketAddress(host, port);
    this.tcp = tcp;
    this.hostname = hostname;
    this.clock = clock;
  }

  @Override
  public void send(String line) throws IOException {
    byte[] message =
        ("<" + PRI + ">1 " + clock.instant() + " " + hostname + " mcp-firewall - audit - " + line)
            .getBytes(StandardCharsets.UTF_8);
    if (!tcp) {
      if (udp == null) {
        udp = new DatagramSocket();
      }
      udp.send(new DatagramPacket(message, message.length, address));
      return;
    }
    try {
      if (socket == null || socket.isClosed()) {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(5000);
      }
      OutputStream out = socket.getOutputStream();
      out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
      out.write(message);
      out.flush();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    socket = null;
    if (udp != null) {
      udp.close();
      udp = null;
    }
  }
}
