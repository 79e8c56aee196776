package dev.keyshift.gateway.store.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The shared store's schema, created and migrated by Flyway from {@code db/keyshift/V*.sql}. Every
 * replica migrates at start; Flyway's lock on its history table lets one do it while the others
 * wait. Migrations are only ever added, never edited: Flyway refuses a database whose applied
 * migrations differ from the ones this build ships.
 */
public final class Migrations {
  /** Where the migrations are, on the class path. */
  static final String LOCATION = "classpath:db/keyshift";

  /** Flyway's history table, named so that it cannot clash with an application's own. */
  static final String HISTORY_TABLE = "keyshift_schema_history";

  private Migrations() {}

  /**
   * Migrates to the newest schema (blocking).
   *
   * @return the number of migrations applied now
   */
  public static int migrate(DataSource source) {
    return flyway(source, null).migrate().migrationsExecuted;
  }

  /**
   * Migrates up to and including {@code version} only: a database as an older gateway left it, for
   * tests of the upgrade path.
   */
  public static int migrateTo(DataSource source, String version) {
    return flyway(source, version).migrate().migrationsExecuted;
  }

  /** The schema version the database is at, or null before the first migration. */
  public static String current(DataSource source) {
    var info = flyway(source, null).info().current();
    return info == null ? null : info.getVersion().getVersion();
  }

  private static Flyway flyway(DataSource source, String target) {
    var config =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(source)
            .locations(LOCATION)
            .table(HISTORY_TABLE)
            .baselineOnMigrate(false);
    if (target != null) {
      config = config.target(target);
    }
    return config.load();
  }
}
