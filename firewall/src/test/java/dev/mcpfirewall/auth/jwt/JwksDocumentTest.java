package dev.mcpfirewall.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwksDocumentTest {
  private static final Set<String> DEFAULT_ACCEPTED = Set.of("RS256", "ES256", "PS256", "EdDSA");

  static TestKeys rsa;
  static TestKeys ec;

  @BeforeAll
  static void makeKeys() {
    rsa = TestKeys.rsa("rsa-1");
    ec = TestKeys.ec("ec-1");
  }

  private static List<JsonObject> usable(JsonObject... keys) {
    JsonArray array = new JsonArray();
    for (JsonObject key : keys) {
      array.add(key);
    }
    return JwksDocument.usableKeys(new JsonObject().put("keys", array), DEFAULT_ACCEPTED, "test");
  }

  @Test
  void keyWithoutAlgIsOfferedForEveryAcceptedAlgorithmOfItsType() {
    List<JsonObject> keys = usable(rsa.publicJwk().put("kid", "r"), ec.publicJwk().put("kid", "e"));

    assertThat(keys)
        .extracting(k -> k.getString("kid") + ":" + k.getString("alg"))
        .containsExactlyInAnyOrder("r:PS256", "r:RS256", "e:ES256");
  }

  @Test
  void keyWithAlgOutsideTheAcceptedListIsDropped() {
    assertThat(usable(rsa.publicJwk().put("kid", "r").put("alg", "RS512"))).isEmpty();
    assertThat(usable(ec.publicJwk().put("kid", "e").put("alg", "ES384"))).isEmpty();
  }

  @Test
  void symmetricAndEncryptionKeysAreDropped() {
    JsonObject oct =
        new JsonObject().put("kty", "oct").put("kid", "h").put("alg", "HS256").put("k", "c2VjcmV0");
    JsonObject encryption = rsa.jwk().put("use", "enc");

    assertThat(usable(oct, encryption)).isEmpty();
  }

  @Test
  void onlyPublicParametersAreKept() {
    JsonObject leaky =
        rsa.jwk().put("d", "cHJpdmF0ZQ").put("p", "cA").put("x5c", new JsonArray().add("Y2VydA=="));

    JsonObject kept = usable(leaky).get(0);

    assertThat(kept.fieldNames()).containsExactlyInAnyOrder("kty", "kid", "alg", "use", "n", "e");
  }

  @Test
  void keysThatDoNotLoadAreDropped() {
    JsonObject noModulus = rsa.jwk();
    noModulus.remove("n");
    JsonObject numericKid = rsa.jwk().put("kid", 7);

    assertThat(usable(noModulus, numericKid, rsa.jwk())).hasSize(1);
    assertThat(usable(new JsonObject().put("kty", "EC").put("crv", "P-256"))).isEmpty();
  }

  @Test
  void edDsaKeysLoad() {
    TestKeys ed = TestKeys.ed25519("ed-1");

    assertThat(usable(ed.jwk())).extracting(k -> k.getString("alg")).containsExactly("EdDSA");
  }

  @Test
  void documentWithoutKeysIsRefused() {
    assertThatThrownBy(() -> JwksDocument.usableKeys(new JsonObject(), DEFAULT_ACCEPTED, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys");
  }
}
