package dev.superpose.store;

/**
 * The database could not be opened, migrated, read or written. The message names the database
 * file; the cause is the underlying SQL or Flyway error.
 */
public final class StoreException extends IllegalStateException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
