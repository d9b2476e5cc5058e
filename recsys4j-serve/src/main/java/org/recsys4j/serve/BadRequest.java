package org.recsys4j.serve;

/** A request the server refuses with 400: names the field and what was expected. */
public final class BadRequest extends RuntimeException {
  private final String field;

  public BadRequest(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
