import { startTestServer, testDbKind, type TestServer } from './harness';

interface Node {
  code: string;
  name: string;
  leaf: boolean;
  defaultDemandType: string | null;
  duty: string | null;
  children: Node[];
}

const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe(`the public category tree on ${testDbKind}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers without sign-in with the seeded tree, street lights under 城乡建设', async () => {
    const res = await server.request('GET', '/api/categories');
    expect(res.status).toBe(200);
    const root = (res.body.items as Node[]).find((n) => n.code === '01');
    expect(root).toMatchObject({ name: '城乡建设', leaf: false });
    const lights = flatten(res.body.items).find((n) => n.code === '010101');
    expect(lights).toEqual({
      code: '010101',
      name: '路灯损坏',
      leaf: true,
      defaultDemandType: 'help',
      duty: 'township',
      questions: [
        expect.objectContaining({ code: 'pole_number', label: '灯杆编号', kind: 'text', required: false }),
        expect.objectContaining({ code: 'fault', kind: 'single_choice' }),
        expect.objectContaining({ code: 'lamps_out', kind: 'number' }),
      ],
      children: [],
    });
  });

  it('nests every child under its parent code, leaves have no children', async () => {
    const res = await server.request('GET', '/api/categories');
    const all = flatten(res.body.items);
    expect(all.length).toBeGreaterThan(10);
    for (const node of all) {
      for (const child of node.children) expect(child.code.startsWith(node.code)).toBe(true);
      if (node.leaf) expect(node.children).toEqual([]);
      else expect(node.children.length).toBeGreaterThan(0);
    }
  });
});
