package net.voxedge.lab;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.voxedge.topology.consul.ConsulApiServer;

/**
 * The lab's live registry: the project's Consul HTTP API stand-in ({@code ConsulApiServer}, which
 * listens on loopback only) made reachable from the other namespaces by a TCP relay on the
 * address given. There is no Consul binary on these machines (recipes/ops-lab.md); edges,
 * gateway and fronts talk to this one as they would to a Consul agent.
 *
 * <p>Usage: {@code LabConsulMain <ip> <port>}; prints {@code consul: ip:port} when ready.
 */
public final class LabConsulMain {
    private LabConsulMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LabConsulMain <listen ip> <listen port>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        ConsulApiServer consul = new ConsulApiServer(vertx).start().await(10, TimeUnit.SECONDS);
        NetClient upstream = vertx.createNetClient();
        NetServer relay = vertx.createNetServer()
                .connectHandler(in -> relay(upstream, in, consul.port()))
                .listen(port, host).await(10, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway: nothing to hand over
            }
        }, "shutdown"));
        System.out.println("consul: " + host + ":" + relay.actualPort());
        System.out.flush();
    }

    /** One client connection relayed byte for byte to the stand-in (blocking queries included). */
    private static void relay(NetClient upstream, NetSocket in, int consulPort) {
        in.pause();
        upstream.connect(consulPort, "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                in.close();
                return;
            }
            NetSocket out = ar.result();
            in.handler(out::write);
            out.handler(in::write);
            in.closeHandler(v -> out.close());
            out.closeHandler(v -> in.close());
            in.exceptionHandler(e -> in.close());
            out.exceptionHandler(e -> out.close());
            in.resume();
        });
    }
}
