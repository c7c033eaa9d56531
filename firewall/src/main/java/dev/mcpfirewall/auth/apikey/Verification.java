package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.Principal;
import java.util.EnumMap;
import java.util.Map;

/** The outcome of checking one presented key: a principal, or why not. Allocation-free. */
record Verification(Principal principal, KeyRejection rejection) {
  private static final Map<KeyRejection, Verification> REJECTIONS =
      new EnumMap<>(KeyRejection.class);

  static {
    for (KeyRejection reason : KeyRejection.values()) {
      REJECTIONS.put(reason, new Verification(null, reason));
    }
  }

  static Verification accepted(Principal principal) {
    return new Verification(principal, null);
  }

  static Verification rejected(KeyRejection reason) {
    return REJECTIONS.get(reason);
  }

  boolean isAccepted() {
    return principal != null;
  }
}
