package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Packets a client sent right behind its CONNECT (MQTT allows it) while the password is being checked: held in
 * order, then passed on once the CONNECT is accepted, or released when it is refused. Bounded: the channel stops
 * reading during the check, so only what one read decoded can arrive; past the bound the client is cut off.
 */
final class EarlyPackets {
    private static final AttributeKey<ArrayDeque<MqttMessage>> KEY = AttributeKey.valueOf("ecmo.mqtt.early");
    static final int MAX = 64;

    private EarlyPackets() {
    }

    static void hold(Channel ch) {
        ch.attr(KEY).set(new ArrayDeque<>());
    }

    static boolean pending(Channel ch) {
        return ch.attr(KEY).get() != null;
    }

    /** Keeps a packet for later; false (and the packet released) when too many are waiting. */
    static boolean add(Channel ch, MqttMessage msg) {
        ArrayDeque<MqttMessage> q = ch.attr(KEY).get();
        if (q.size() >= MAX) {
            ReferenceCountUtil.release(msg);
            return false;
        }
        q.add(msg);
        return true;
    }

    /** Passes the held packets on, from the handler that held them, in order. */
    static void release(ChannelHandlerContext ctx) {
        ArrayDeque<MqttMessage> q = ctx.channel().attr(KEY).getAndSet(null);
        if (q != null) {
            for (MqttMessage m = q.poll(); m != null; m = q.poll()) {
                ctx.fireChannelRead(m);
            }
        }
    }

    static void drop(Channel ch) {
        ArrayDeque<MqttMessage> q = ch.attr(KEY).getAndSet(null);
        if (q != null) {
            q.forEach(ReferenceCountUtil::release);
        }
    }
}
