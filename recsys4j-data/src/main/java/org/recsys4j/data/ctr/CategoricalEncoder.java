package org.recsys4j.data.ctr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Categorify, fitted on training rows: values seen at least {@code minFreq} times get their own
 * index, by descending frequency (ties by value, so the fit is deterministic); index {@link
 * #MISSING} is the empty field and {@link #OOV} every rare or unseen value. With {@code
 * maxCardinality > 0} a column whose vocabulary would not fit is hashed instead, as the DLRM
 * reference's {@code --max-ind-range} does: {@code 2 + hash(value) mod (maxCardinality - 2)}, with
 * a hash fixed by this class (not {@code String.hashCode}), so that serving maps a value to the
 * same row.
 */
public final class CategoricalEncoder {
  public static final int MISSING = 0;
  public static final int OOV = 1;
  private static final int RESERVED = 2;

  private final String column;
  private final int minFreq;
  private final int maxCardinality;
  private Map<String, long[]> counts = new HashMap<>();
  private Map<String, Integer> index;
  private List<String> vocabulary;
  private boolean hashed;
  private boolean identity;

  public CategoricalEncoder(String column, int minFreq, int maxCardinality) {
    if (minFreq < 1) {
      throw new IllegalArgumentException("minFreq must be at least 1, got " + minFreq);
    }
    if (maxCardinality != 0 && maxCardinality < RESERVED + 1) {
      throw new IllegalArgumentException(
          "maxCardinality must be 0 (no limit) or at least 3, got " + maxCardinality);
    }
    this.column = column;
    this.minFreq = minFreq;
    this.maxCardinality = maxCardinality;
  }

  /**
   * An encoder restored from a saved vocabulary (or a hashed column, with {@code vocabulary} null).
   */
  public static CategoricalEncoder restored(
      String column, int minFreq, int maxCardinality, List<String> vocabulary) {
    CategoricalEncoder e = new CategoricalEncoder(column, minFreq, maxCardinality);
    e.counts = null;
    if (vocabulary == null) {
      e.hashed = true;
    } else {
      e.setVocabulary(vocabulary);
    }
    return e;
  }

  /**
   * For data whose categorical values are already row numbers (generated data, logs encoded
   * elsewhere): {@code "k"} maps to row k for {@code 2 <= k < cardinality}; anything else is out of
   * vocabulary. Needs no fit.
   */
  public static CategoricalEncoder identity(String column, int cardinality) {
    CategoricalEncoder e = new CategoricalEncoder(column, 1, cardinality);
    e.counts = null;
    e.identity = true;
    return e;
  }

  public boolean identity() {
    return identity;
  }

  public String column() {
    return column;
  }

  public int minFreq() {
    return minFreq;
  }

  public int maxCardinality() {
    return maxCardinality;
  }

  /** Counts one training value (null = missing, not counted). */
  public void observe(String value) {
    if (counts == null) {
      throw new IllegalStateException("encoder for '" + column + "' is already fitted");
    }
    if (value != null) {
      counts.computeIfAbsent(value, v -> new long[1])[0]++;
    }
  }

  /** Ends fitting: builds the vocabulary (or switches to hashing) and drops the counts. */
  public void finishFit() {
    if (counts == null) {
      throw new IllegalStateException("encoder for '" + column + "' is already fitted");
    }
    List<Map.Entry<String, long[]>> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] >= minFreq) {
        kept.add(e);
      }
    }
    counts = null;
    if (maxCardinality > 0 && kept.size() + RESERVED > maxCardinality) {
      hashed = true;
      return;
    }
    kept.sort(
        (a, b) ->
            a.getValue()[0] != b.getValue()[0]
                ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
    List<String> vocab = new ArrayList<>(kept.size());
    for (Map.Entry<String, long[]> e : kept) {
      vocab.add(e.getKey());
    }
    setVocabulary(vocab);
  }

  private void setVocabulary(List<String> vocab) {
    vocabulary = List.copyOf(vocab);
    index = new HashMap<>(vocab.size() * 2);
    for (int i = 0; i < vocab.size(); i++) {
      index.put(vocab.get(i), RESERVED + i);
    }
  }

  public boolean hashed() {
    return hashed;
  }

  /** The vocabulary in index order (index = position + 2), or null for a hashed column. */
  public List<String> vocabulary() {
    return vocabulary;
  }

  /** Rows the embedding table for this column needs. */
  public int cardinality() {
    checkFitted();
    return hashed || identity ? maxCardinality : RESERVED + vocabulary.size();
  }

  /** The row of a value (null = missing). */
  public int encode(String value) {
    if (value == null) {
      return MISSING;
    }
    if (identity) {
      try {
        int k = Integer.parseInt(value.trim());
        return k >= RESERVED && k < maxCardinality ? k : OOV;
      } catch (NumberFormatException e) {
        return OOV;
      }
    }
    if (hashed) {
      return RESERVED + (int) Math.floorMod(hash64(value), (long) (maxCardinality - RESERVED));
    }
    checkFitted();
    Integer i = index.get(value);
    return i == null ? OOV : i;
  }

  private void checkFitted() {
    if (!hashed && !identity && vocabulary == null) {
      throw new IllegalStateException("encoder for '" + column + "' is not fitted yet");
    }
  }

  /** FNV-1a over the UTF-16 units, then the splitmix64 finaliser: fixed across JVMs and runs. */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
