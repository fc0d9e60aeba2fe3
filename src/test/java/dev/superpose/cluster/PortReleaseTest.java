package dev.superpose.cluster;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortReleaseTest {
    @Test
    void namesTheAddressAndHowLongItWaitedWhenThePortStaysTaken() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName(ClusterConfig.DEFAULT_HOST))) {
            String address = ClusterConfig.DEFAULT_HOST + ":" + other.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PortRelease.await(ClusterConfig.DEFAULT_HOST, other.getLocalPort(), Duration.ofMillis(500)));
            assertTrue(e.getMessage().startsWith(address + " is still taken after 0.5 s ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("; expected the sweep's own actor system to release it as it stopped"
                    + " (does another process listen there?)"), e.getMessage());
        }
    }
}
