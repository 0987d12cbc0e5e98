package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last in the pipeline: the peer went away (debug), or our bug (error, once, with the remote address). */
@ChannelHandler.Sharable
final class HttpExceptionHandler extends ChannelInboundHandlerAdapter {
    static final HttpExceptionHandler INSTANCE = new HttpExceptionHandler();
    private static final Logger LOG = LoggerFactory.getLogger(HttpExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("{}: connection lost: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.error("{}: unexpected error, closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
