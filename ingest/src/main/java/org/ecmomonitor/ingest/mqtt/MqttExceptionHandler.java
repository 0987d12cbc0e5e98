package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the pipeline: sorts what reaches it into expected (the peer went away), bad client, and our own bugs,
 * logs each once with the channel's identity, and closes the connection.
 */
@ChannelHandler.Sharable
final class MqttExceptionHandler extends ChannelInboundHandlerAdapter {
    static final MqttExceptionHandler INSTANCE = new MqttExceptionHandler();
    private static final Logger LOG = LoggerFactory.getLogger(MqttExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = MqttConnection.describe(ctx.channel());
        if (cause instanceof IOException) {
            LOG.debug("{}: connection lost: {}", who, cause.getMessage());
        } else if (cause instanceof ClassCastException || cause instanceof IllegalArgumentException) {
            LOG.info("{}: bad client input, closing: {}", who, cause.toString());
        } else {
            LOG.error("{}: unexpected error, closing", who, cause);
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
        LOG.warn("{}: unhandled message {}", MqttConnection.describe(ctx.channel()), msg.getClass().getSimpleName());
    }
}
