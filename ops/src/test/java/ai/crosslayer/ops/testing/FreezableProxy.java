package ai.crosslayer.ops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server (the test database) that can {@link #freeze()}: from then on it forwards no
 * byte and connects nothing, in either direction, until {@link #thaw()} — what a service sees when its database
 * host hangs or the network drops packets (the worst case: no error, no answer). Connections survive a thaw.
 */
public final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final Object gate = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    public FreezableProxy(String host, int port) {
        this.host = host;
        this.port = port;
        try {
            this.server = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept", this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                daemon("proxy-connect", () -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            waitWhileFrozen();
            Socket upstream = new Socket(host, port);
            sockets.add(upstream);
            daemon("proxy-up", () -> pump(client, upstream));
            daemon("proxy-down", () -> pump(upstream, client));
        } catch (IOException | InterruptedException e) {
            close(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                waitWhileFrozen();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side went away: so does this connection
        } finally {
            close(from);
            close(to);
        }
    }

    private void waitWhileFrozen() throws InterruptedException {
        synchronized (gate) {
            while (frozen && !closed) {
                gate.wait();
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing what is already broken
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thaw();
        server.close();
        sockets.forEach(FreezableProxy::close);
    }
}
