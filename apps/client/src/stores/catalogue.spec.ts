import { createCatalogueStore, searchLeaves } from './catalogue';

const tree = {
  items: [
    {
      code: '01',
      name: '城乡建设',
      leaf: false,
      defaultDemandType: null,
      duty: null,
      children: [
        {
          code: '010101',
          name: '路灯损坏',
          leaf: true,
          defaultDemandType: 'help' as const,
          duty: 'township' as const,
          children: [],
        },
        {
          code: '010303',
          name: '环境卫生与垃圾清运',
          leaf: true,
          defaultDemandType: 'complaint' as const,
          duty: 'township' as const,
          children: [],
        },
      ],
    },
  ],
};

describe('the category catalogue', () => {
  it('should load the tree once and list its leaves with their path', async () => {
    const categories = jest.fn().mockResolvedValue(tree);
    const store = createCatalogueStore({ categories });
    await Promise.all([store.getState().load(), store.getState().load()]);
    await store.getState().load();
    expect(categories).toHaveBeenCalledTimes(1);
    expect(store.getState().leaves.map((l) => [l.code, l.path])).toEqual([
      ['010101', '城乡建设'],
      ['010303', '城乡建设'],
    ]);
  });

  it('should find leaves by a word of their name or parent, and try again after a failed load', async () => {
    const categories = jest.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(tree);
    const store = createCatalogueStore({ categories });
    await store.getState().load();
    expect(store.getState().phase).toBe('failed');
    await store.getState().load();
    const { leaves } = store.getState();
    expect(searchLeaves(leaves, '垃圾').map((l) => l.name)).toEqual(['环境卫生与垃圾清运']);
    expect(searchLeaves(leaves, '城乡')).toHaveLength(2);
    expect(searchLeaves(leaves, '  ')).toEqual([]);
  });
});
