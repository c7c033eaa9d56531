package dev.mcpfirewall.auth.apikey;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A key store in memory that counts its writes. */
final class RecordingKeyStore implements KeyStore {
  final AtomicReference<Content> content = new AtomicReference<>(Content.empty());
  final AtomicInteger saves = new AtomicInteger();

  @Override
  public Content load() {
    return content.get();
  }

  @Override
  public void save(Content replaced) {
    saves.incrementAndGet();
    content.set(replaced);
  }
}
