package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.internal.ByteSize;

/**
 * Sizes in bytes as messages write them, the same for every platform: {@code 6 MiB}, {@code 512
 * bytes}. Stateless and thread-safe.
 */
public final class ByteSizes {
  private ByteSizes() {}

  /**
   * A readable size: whole MiB or KiB when {@code bytes} is a multiple of one, else bytes.
   *
   * @param bytes a size, zero or more
   * @return such as {@code 4 MiB}, {@code 3 KiB} or {@code 1000 bytes}
   */
  public static String format(long bytes) {
    return ByteSize.format(bytes);
  }
}
