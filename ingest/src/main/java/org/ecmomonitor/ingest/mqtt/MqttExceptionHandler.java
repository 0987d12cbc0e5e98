package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.ecmomonitor.ingest.FatalErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the pipeline: sorts what reaches it into expected (the peer went away), bad client, our own bugs, and
 * Errors (out of memory, a class that failed to load), logs each once with the channel's identity, and closes the
 * connection. An Error also marks the runtime failed, so that {@code /health} says so (issue 14).
 */
@ChannelHandler.Sharable
final class MqttExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttExceptionHandler.class);

    private final FatalErrors fatal;

    MqttExceptionHandler(FatalErrors fatal) {
        this.fatal = fatal;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = MqttConnection.describe(ctx.channel());
        Throwable error = errorIn(cause);
        if (error != null) {
            fatal.failed("MQTT endpoint", error);
            LOG.error("{}: fatal error on an MQTT event loop; /health reports it until a restart", who, cause);
        } else if (cause instanceof IOException) {
            LOG.debug("{}: connection lost: {}", who, cause.getMessage());
        } else if (cause instanceof ClassCastException || cause instanceof IllegalArgumentException) {
            LOG.info("{}: bad client input, closing: {}", who, cause.toString());
        } else {
            LOG.error("{}: unexpected error, closing", who, cause);
        }
        ctx.close();
    }

    /** The Error itself or one a decoder wrapped (Netty wraps what a decoder throws in a DecoderException). */
    private static Throwable errorIn(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Error) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
        LOG.warn("{}: unhandled message {}", MqttConnection.describe(ctx.channel()), msg.getClass().getSimpleName());
    }
}
