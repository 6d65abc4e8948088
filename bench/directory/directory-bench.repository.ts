import { DirectoryRepository, type DirectorySearch, type Queryable } from '@app/partners';

/** The benchmark's SQL: statistics after the bulk load, and the plans of the directory's own queries. */
export class DirectoryBenchRepository {
  private readonly directory = new DirectoryRepository();

  async analyse(db: Queryable): Promise<void> {
    await db.query('ANALYZE partners.partners');
    await db.query('ANALYZE partners.sites');
    await db.query('ANALYZE partners.directory_listings');
  }

  explain(db: Queryable, search: DirectorySearch): Promise<string> {
    return this.directory.explainSearchSites(db, search);
  }
}
