package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The node's Ed25519 signing key for audit checkpoints. Created on first start as a PKCS#8 PEM file
 * readable by the owner only (0600); its public half is exported as an X.509 PEM ({@code
 * mcp-firewall audit pubkey}, {@code GET /admin/api/audit/pubkey}) for verifiers to trust.
 */
public final class NodeKey {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Reads the key at {@code file}, creating it (0600) when it does not exist. Blocking. */
  public static NodeKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        // Both halves in one file: the JDK cannot derive an Ed25519 public key from the private.
        byte[] priv = pem(PRIVATE, pair.getPrivate().getEncoded());
        byte[] pub = pem(PUBLIC, pair.getPublic().getEncoded());
        byte[] pem = new byte[priv.length + pub.length];
        System.arraycopy(priv, 0, pem, 0, priv.length);
        System.arraycopy(pub, 0, pem, priv.length, pub.length);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
          return read(file);
        }
        Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
        return new NodeKey(pair.getPrivate(), pair.getPublic());
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the audit signing key " + file + " is not usable", e);
    }
  }

  private static NodeKey read(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    PrivateKey priv =
        factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(text, PRIVATE, file.toString())));
    PublicKey pub =
        factory.generatePublic(new X509EncodedKeySpec(unpem(text, PUBLIC, file.toString())));
    return new NodeKey(priv, pub);
  }

  /** Reads an X.509 PEM public key (as exported by {@link #publicPem()}). */
  public static PublicKey readPublic(String pem, String source) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(unpem(pem, PUBLIC, source)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(source + " is not an Ed25519 public key", e);
    }
  }

  /** Signs {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the audit key", e);
    }
  }

  /** Checks an Ed25519 signature. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as X.509 PEM text. */
  public String publicPem() {
    return new String(pem(PUBLIC, publicKey.getEncoded()), StandardCharsets.US_ASCII);
  }

  /** The first 16 hex digits of the SHA-256 of the encoded public key: a short key id. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /** See {@link #fingerprint()}. */
  public static String fingerprint(PublicKey key) {
    return HexFormat.of().formatHex(RecordSeal.sha256().digest(key.getEncoded())).substring(0, 16);
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] unpem(String text, String type, String source) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(source + " is not a PEM " + type.toLowerCase());
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}
