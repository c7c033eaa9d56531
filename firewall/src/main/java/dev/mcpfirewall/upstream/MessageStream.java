package dev.mcpfirewall.upstream;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;

/**
 * The messages an upstream sends in answer to one request (ending with its response) or on its
 * server-initiated stream. Events are delivered one at a time on the consumer's context, never
 * buffered whole: a paused consumer pauses the producer (its socket or process pipe).
 *
 * <p>Producers may call {@link #push}, {@link #end} and {@link #fail} from any thread.
 */
public final class MessageStream {
  private static final int HIGH_WATER_MARK = 64;

  private final Context context;
  private final ArrayDeque<UpstreamEvent> queue = new ArrayDeque<>();
  private Handler<UpstreamEvent> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Runnable producerPause = () -> {};
  private Runnable producerResume = () -> {};
  private Runnable cancelAction = () -> {};
  private boolean paused;
  private boolean producerPaused;
  private boolean ended;
  private boolean finished;
  private boolean cancelled;
  private Throwable failure;

  /** A stream whose events are delivered on {@code context}. */
  public MessageStream(Context context) {
    this.context = context;
  }

  // ---- producer side ----

  /** Wires backpressure and cancellation to the producer's source. */
  public MessageStream producer(Runnable pause, Runnable resume, Runnable cancel) {
    this.producerPause = pause;
    this.producerResume = resume;
    this.cancelAction = cancel;
    return this;
  }

  public void push(UpstreamEvent event) {
    if (!onContext(() -> push(event))) {
      return;
    }
    if (finished || cancelled) {
      return;
    }
    queue.add(event);
    drain();
    if (queue.size() >= HIGH_WATER_MARK && !producerPaused) {
      producerPaused = true;
      producerPause.run();
    }
  }

  public void end() {
    if (!onContext(this::end)) {
      return;
    }
    ended = true;
    drain();
  }

  public void fail(Throwable cause) {
    if (!onContext(() -> fail(cause))) {
      return;
    }
    if (failure == null && !ended) {
      failure = cause;
      ended = true;
    }
    drain();
  }

  // ---- consumer side ----

  public MessageStream handler(Handler<UpstreamEvent> handler) {
    this.handler = handler;
    drainLater();
    return this;
  }

  public MessageStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    drainLater();
    return this;
  }

  public MessageStream exceptionHandler(Handler<Throwable> exceptionHandler) {
    this.exceptionHandler = exceptionHandler;
    drainLater();
    return this;
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    drainLater();
  }

  /** The consumer went away: stop the producer and drop what is queued. */
  public void cancel() {
    if (!onContext(this::cancel)) {
      return;
    }
    if (!cancelled && !finished) {
      cancelled = true;
      queue.clear();
      cancelAction.run();
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  private void drainLater() {
    context.runOnContext(v -> drain());
  }

  private void drain() {
    if (handler == null || cancelled) {
      return;
    }
    while (!paused && !queue.isEmpty()) {
      handler.handle(queue.poll());
    }
    if (producerPaused && queue.size() < HIGH_WATER_MARK / 2) {
      producerPaused = false;
      producerResume.run();
    }
    if (ended && !paused && queue.isEmpty() && !finished) {
      if (failure != null) {
        if (exceptionHandler == null) {
          return;
        }
        finished = true;
        exceptionHandler.handle(failure);
      } else {
        if (endHandler == null) {
          return;
        }
        finished = true;
        endHandler.handle(null);
      }
    }
  }

  private boolean onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      return true;
    }
    context.runOnContext(v -> action.run());
    return false;
  }
}
