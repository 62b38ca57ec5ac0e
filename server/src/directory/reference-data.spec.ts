import type { CategoryRow, DirectoryRepository } from './directory.repository';
import { ReferenceData } from './reference-data';

/** A directory whose newest admin edit and categories the test moves, counting the version lookups. */
function fakeDirectory(kind: 'sqlite' | 'postgres' = 'postgres') {
  // dataVersion: what SQLite's PRAGMA data_version would say (moves on other processes' commits).
  const state = {
    version: 1,
    names: new Map([['010101', '路灯不亮']]),
    lookups: 0,
    dataVersion: 7,
    dataVersionReads: 0,
  };
  const directory = {
    async referenceVersion() {
      state.lookups += 1;
      await Promise.resolve();
      return state.version;
    },
    async allCategories() {
      return [...state.names].map(([code, name]) => ({ code, name }) as CategoryRow);
    },
    async allAreas() {
      return [];
    },
  } as unknown as DirectoryRepository;
  const dataVersion =
    kind === 'sqlite'
      ? () => {
          state.dataVersionReads += 1;
          return state.dataVersion;
        }
      : null;
  return { state, directory, reference: new ReferenceData(directory, { dataVersion }) };
}

describe('ReferenceData', () => {
  it('asks for the version once for a burst of requests in the same turn', async () => {
    const { state, reference } = fakeDirectory();
    const names = await Promise.all(Array.from({ length: 10 }, () => reference.category('010101')));
    expect(names.map((c) => c?.name)).toEqual(Array(10).fill('路灯不亮'));
    expect(state.lookups).toBe(1);
  });

  it('sees an admin edit made before the request', async () => {
    const { state, reference } = fakeDirectory();
    expect((await reference.category('010101'))?.name).toBe('路灯不亮');
    state.names.set('010101', '路灯损坏');
    state.version = 2;
    expect((await reference.category('010101'))?.name).toBe('路灯损坏');
    expect(state.lookups).toBe(2);
  });

  describe('on SQLite', () => {
    it('looks again only after an admin edit of its own or a commit by another process', async () => {
      const { state, reference } = fakeDirectory('sqlite');
      for (let i = 0; i < 5; i++) await reference.category('010101');
      expect(state.lookups).toBe(1);
      // An edit through this process: seen by the very next read.
      reference.adminEditing();
      state.names.set('010101', '路灯损坏');
      state.version = 2;
      expect((await reference.category('010101'))?.name).toBe('路灯损坏');
      expect(state.lookups).toBe(2);
      // An edit another process commits moves the file's data version, read once per turn of the
      // event loop: a read in the same turn may still answer as before, the next turn's sees it.
      state.names.set('010101', '路灯闪烁');
      state.version = 3;
      state.dataVersion += 1;
      await new Promise((resolve) => setImmediate(resolve));
      expect((await reference.category('010101'))?.name).toBe('路灯闪烁');
      await reference.category('010101');
      expect(state.lookups).toBe(3);
    });
  });

  it('on SQLite, reads the file’s data version once per turn of the event loop', async () => {
    const { state, reference } = fakeDirectory('sqlite');
    await Promise.all(Array.from({ length: 8 }, () => reference.category('010101')));
    for (let i = 0; i < 3; i++) await reference.category('010101');
    expect(state.dataVersionReads).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    await reference.category('010101');
    expect(state.dataVersionReads).toBe(2);
  });

  it('on SQLite, looks again when loading the data of a new version failed', async () => {
    const { state, reference, directory } = fakeDirectory('sqlite');
    await reference.category('010101');
    reference.adminEditing();
    state.version = 2;
    const allCategories = directory.allCategories.bind(directory);
    directory.allCategories = () => Promise.reject(new Error('database busy'));
    await expect(reference.category('010101')).rejects.toThrow('database busy');
    directory.allCategories = allCategories;
    state.names.set('010101', '路灯损坏');
    expect((await reference.category('010101'))?.name).toBe('路灯损坏');
  });
});
