package dev.mcpfirewall.testpeers;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Tiny, valid media files for image and audio content, base64-encoded. */
final class TestMedia {

  /** A 1x1 red PNG. */
  static final String RED_PIXEL_PNG = Base64.getEncoder().encodeToString(redPixelPng());

  /** 10 ms of 8 kHz, 16-bit mono silence as a WAV file. */
  static final String SILENT_WAV = Base64.getEncoder().encodeToString(silentWav(80));

  private TestMedia() {}

  private static byte[] redPixelPng() {
    BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    pixel.setRGB(0, 0, 0xFF0000);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(pixel, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private static byte[] silentWav(int samples) {
    int sampleRate = 8000;
    short bitsPerSample = 16;
    short channels = 1;
    int dataSize = samples * channels * bitsPerSample / 8;
    ByteBuffer wav = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataSize);
    wav.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    wav.putShort((short) 1) // PCM
        .putShort(channels)
        .putInt(sampleRate)
        .putInt(sampleRate * channels * bitsPerSample / 8)
        .putShort((short) (channels * bitsPerSample / 8))
        .putShort(bitsPerSample);
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataSize);
    return wav.array(); // the samples stay zero: silence
  }
}
