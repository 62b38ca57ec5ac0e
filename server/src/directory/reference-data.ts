// Categories and areas (with their polygons) kept in memory: filing a case reads them every time
// and an admin edits them a few times a year. Every admin edit appends to admin_audit in its own
// transaction, so the newest audit id is a version the database itself holds: each read asks for
// it (one index lookup) and reloads when it moved, which keeps several API instances on one
// PostgreSQL database correct without any message between them. Callers that arrive while that
// lookup is on its way share it (a burst asks once, not once per request); one may get a lookup
// sent a round trip earlier.
//
// On SQLite the version is looked at again only when it may have moved: after an admin edit this
// process writes (AdminAuditRepository calls `adminEditing`), or when another process has
// committed to the file (PRAGMA data_version moved, read once per turn of the event loop). A look
// after an edit always sees it: on SQLite every query waits for the one connection, which the
// edit's transaction holds until it ends.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import { type HoldingArea, type LatLng, pointInGeometry } from '@hotline/core';
import { type AreaRow, type CategoryRow, DirectoryRepository } from './directory.repository';

export type AreaRef = Omit<AreaRow, 'geometry'> & { geometry: { type: string; coordinates: unknown } };

export const holdingArea = (a: AreaRef): HoldingArea => ({ code: a.code, kind: a.kind, parentCode: a.parent_code });

export interface ReferenceSnapshot {
  version: number;
  categories: ReadonlyMap<string, CategoryRow>;
  areas: readonly AreaRef[];
}

@Injectable()
export class ReferenceData {
  private snapshot: ReferenceSnapshot | null = null;
  private versionInFlight: Promise<number> | null = null;
  /** Admin edits written by this process so far; what the last look had seen (SQLite). */
  private edits = 0;
  private looked: { edits: number; dataVersion: number; version: number } | null = null;
  private readonly dataVersion: (() => number) | null;
  private turnDataVersion: number | null = null;

  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(DATABASE) database: Pick<Database, 'dataVersion'>,
  ) {
    this.dataVersion = database.dataVersion;
  }

  /** An admin edit is being written in this process: the next read looks at the version again. */
  adminEditing(): void {
    this.edits += 1;
  }

  /** The reference data as of the newest admin edit. */
  async current(): Promise<ReferenceSnapshot> {
    const version = await this.newestVersion();
    if (this.snapshot?.version === version) return this.snapshot;
    // Read after the version: an edit landing in between is loaded now and reloaded next time.
    const [categories, areas] = await Promise.all([this.directory.allCategories(), this.directory.allAreas()]);
    const snapshot: ReferenceSnapshot = {
      version,
      categories: new Map(categories.map((c) => [c.code, c])),
      areas: areas.map((a) => ({ ...a, geometry: JSON.parse(a.geometry) as AreaRef['geometry'] })),
    };
    if (!this.snapshot || this.snapshot.version <= version) this.snapshot = snapshot;
    return snapshot;
  }

  /**
   * The file's data version, read once per turn of the event loop: requests handled in the same
   * turn would see another process's commit no sooner if each asked (it could land just after
   * any of them), and under load a turn starts several filings.
   */
  private dataVersionOfTurn(): number | null {
    if (!this.dataVersion) return null;
    if (this.turnDataVersion === null) {
      this.turnDataVersion = this.dataVersion();
      setImmediate(() => {
        this.turnDataVersion = null;
      });
    }
    return this.turnDataVersion;
  }

  private newestVersion(): Promise<number> {
    const dataVersion = this.dataVersionOfTurn();
    if (
      dataVersion !== null &&
      this.looked?.edits === this.edits &&
      this.looked.dataVersion === dataVersion &&
      // Only once the data of that version is loaded (a failed reload looks again).
      this.snapshot?.version === this.looked.version
    ) {
      return Promise.resolve(this.snapshot.version);
    }
    if (!this.versionInFlight) {
      const edits = this.edits;
      this.versionInFlight = this.directory
        .referenceVersion()
        .then((version) => {
          this.looked = dataVersion === null ? null : { edits, dataVersion, version };
          return version;
        })
        .finally(() => {
          this.versionInFlight = null;
        });
    }
    return this.versionInFlight;
  }

  async category(code: string): Promise<CategoryRow | undefined> {
    return (await this.current()).categories.get(code);
  }

  async categoryNames(codes: Iterable<string>): Promise<Map<string, string>> {
    const { categories } = await this.current();
    const names = new Map<string, string>();
    for (const code of codes) {
      const category = categories.get(code);
      if (category) names.set(code, category.name);
    }
    return names;
  }

  /** The areas (townships and villages) whose polygon holds the point (in `snapshot`, when the caller holds one). */
  async areasAt(p: LatLng, snapshot?: ReferenceSnapshot): Promise<AreaRef[]> {
    const { areas } = snapshot ?? (await this.current());
    return areas.filter(
      (a) =>
        a.min_lat <= p.lat &&
        p.lat <= a.max_lat &&
        a.min_lng <= p.lng &&
        p.lng <= a.max_lng &&
        pointInGeometry(p, a.geometry),
    );
  }
}
