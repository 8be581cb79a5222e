package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedProxiesTest {

    @Test
    void matchesAddressesInsideItsBlocksOnly() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, fd00::/8");
        assertThat(proxies.trusts(InetAddress.getByName("10.255.0.1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("fe80::1"))).isFalse();
    }

    @Test
    void trustsNobodyByDefault() throws Exception {
        assertThat(TrustedProxies.parse("").trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void acceptsOnlyAddressLiteralsAndCidrBlocks() {
        assertThat(TrustedProxies.isAddressOrCidr("10.0.0.0/8")).isTrue();
        assertThat(TrustedProxies.isAddressOrCidr("::1")).isTrue();
        assertThat(TrustedProxies.isAddressOrCidr("proxy.internal")).as("no DNS names").isFalse();
        assertThat(TrustedProxies.isAddressOrCidr("10.0.0.0/33")).isFalse();
        assertThat(TrustedProxies.isAddressOrCidr("10.0.0.0/x")).isFalse();
        assertThat(TrustedProxies.isAddressOrCidr("")).isFalse();
    }
}
