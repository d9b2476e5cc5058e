package org.recsys4j.bench.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The load generator's HTTP/1.1 client, in the manner of wrk: a fixed number of keep-alive
 * connections, each a thread that sends one request, reads its whole answer and takes the next due
 * one from a shared queue. It does nothing a load generator need not do (no pooling logic,
 * executors or futures per request), so on the two cores it shares with the server it takes as
 * little of them as a client can; what is measured is then the server. Requests wait in the queue
 * when every connection is busy, and their latency runs from when they were due, so a slow server
 * is charged for the wait (coordinated omission corrected).
 */
final class LeanHttpClient implements AutoCloseable {
  /** One request: its body, when it was due, and what to call with the answer. */
  record Job(byte[] body, long due, Callback done) {}

  /**
   * Receives an answer: the status (-1: the connection failed), the body, the due time and when it
   * was actually sent (after waiting for a connection).
   */
  interface Callback {
    void answered(int status, String body, long due, long sent);
  }

  private static final Job STOP = new Job(null, 0, null);

  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Thread[] threads;
  private final String host;
  private final int port;
  private final byte[] head;

  LeanHttpClient(URI uri, int connections) {
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.head =
        ("POST "
                + uri.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
    this.threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      threads[c] = new Thread(this::loop, "lean-http-" + c);
      threads[c].setDaemon(true);
      threads[c].start();
    }
  }

  /** The bytes of a whole POST request carrying {@code body}, to pass to {@link #send}. */
  byte[] request(byte[] body) {
    byte[] len = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] r = java.util.Arrays.copyOf(head, head.length + len.length + body.length);
    System.arraycopy(len, 0, r, head.length, len.length);
    System.arraycopy(body, 0, r, head.length + len.length, body.length);
    return r;
  }

  /** Queues a request ({@link #request} bytes) due at {@code due} (System.nanoTime()). */
  void send(byte[] request, long due, Callback done) {
    queue.add(new Job(request, due, done));
  }

  /** Requests waiting for a connection. */
  int waiting() {
    return queue.size();
  }

  private void loop() {
    Socket socket = null;
    InputStream in = null;
    try {
      while (true) {
        Job job = queue.take();
        if (job == STOP) {
          return;
        }
        int status = -1;
        String body = "";
        long sent = System.nanoTime();
        for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
          try {
            if (socket == null || socket.isClosed()) {
              socket = new Socket();
              socket.setTcpNoDelay(true);
              socket.connect(new InetSocketAddress(host, port), 5000);
              socket.setSoTimeout(10_000);
              in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
            }
            OutputStream out = socket.getOutputStream();
            out.write(job.body()); // the whole request in one write: one segment, one wakeup
            out.flush();
            Answer a = read(in);
            status = a.status;
            body = a.body;
            if (a.close) {
              socket.close();
            }
          } catch (IOException e) {
            closeQuietly(socket);
            socket = null; // one reconnect (the server may have closed an idle connection)
          }
        }
        job.done().answered(status, body, job.due(), sent);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(socket);
    }
  }

  private record Answer(int status, String body, boolean close) {}

  /** Reads one response: status line, headers, then a Content-Length or chunked body. */
  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    if (status == null || !status.startsWith("HTTP/1.1 ")) {
      throw new IOException("no HTTP answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        if (size == 0) {
          line(in); // the empty line after the last chunk
          break;
        }
        b.write(in.readNBytes(size));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = in.readNBytes((int) Math.max(0, length));
    }
    return new Answer(code, new String(body, StandardCharsets.UTF_8), close);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
    }
  }

  @Override
  public void close() {
    queue.clear();
    for (int c = 0; c < threads.length; c++) {
      queue.add(STOP);
    }
  }
}
