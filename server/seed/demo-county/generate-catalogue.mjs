#!/usr/bin/env node
// Writes units.json and catalogue.json from areas.geojson + categories.json and
// the duty table below (which county department leads / assists each leaf).
// Usage: node generate-catalogue.mjs   (run generate-villages.mjs first if areas change)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const read = (f) => JSON.parse(readFileSync(join(here, f), 'utf8'));
const areas = read('areas.geojson').features.map((f) => f.properties);
const categories = read('categories.json');

// ---------- units ----------
const PHONE = '0713'; // fictional numbers in the 0713 area; none of them is a real office
const departments = [
  // [code, name, phone, enterprise?]
  ['D-ZJJ', '云泽县住房和城乡建设局', '7321101'],
  ['D-CGJ', '云泽县城市管理综合执法局', '7321102'],
  ['D-JTJ', '云泽县交通运输局', '7321103'],
  ['D-SLJ', '云泽县水利和湖泊局', '7321104'],
  ['D-HJJ', '黄江市生态环境局云泽分局', '7321105'],
  ['D-ZRJ', '云泽县自然资源和规划局', '7321106'],
  ['D-SJJ', '云泽县市场监督管理局', '7321107'],
  ['D-RSJ', '云泽县人力资源和社会保障局', '7321108'],
  ['D-YBJ', '云泽县医疗保障局', '7321109'],
  ['D-JYJ', '云泽县教育局', '7321110'],
  ['D-WJJ', '云泽县卫生健康局', '7321111'],
  ['D-GAJ', '云泽县公安局', '7321112'],
  ['D-MZJ', '云泽县民政局', '7321113'],
  ['D-NYJ', '云泽县农业农村局', '7321114'],
  ['D-YJJ', '云泽县应急管理局', '7321115'],
  ['D-ZWJ', '云泽县政务服务和大数据管理局', '7321116'],
  ['D-GJJ', '黄江市住房公积金中心云泽办事处', '7321117'],
  ['D-GDGS', '国网云泽县供电公司', '7321195', true],
  ['D-SWGS', '云泽县水务集团有限公司', '7321196', true],
];
const townships = areas.filter((a) => a.kind === 'township');
const units = [
  {
    code: 'CENTRE',
    name: '云泽县12345政务服务便民热线中心',
    kind: 'centre',
    parentCode: null,
    areaCode: null,
    phone: `${PHONE}-7312345`,
  },
];
for (const [code, name, phone, enterprise] of departments) {
  units.push({
    code,
    name,
    kind: 'department',
    parentCode: null,
    areaCode: null,
    phone: `${PHONE}-${phone}`,
    ...(enterprise ? { enterprise: true } : {}),
  });
}
const unitOfArea = new Map();
townships.forEach((t, ti) => {
  const tUnit = `T0${ti + 1}`;
  const suffix = t.name.endsWith('街道') ? '办事处' : '人民政府';
  units.push({
    code: tUnit,
    name: `${t.name}${suffix}`,
    kind: 'township',
    parentCode: null,
    areaCode: t.code,
    phone: `${PHONE}-73${ti + 3}0000`,
  });
  unitOfArea.set(t.code, tUnit);
  areas
    .filter((v) => v.parentCode === t.code)
    .forEach((v, vi) => {
      const vUnit = `${tUnit}V0${vi + 1}`;
      const committee = v.name.endsWith('社区') ? '居委会' : '村委会';
      units.push({
        code: vUnit,
        name: `${v.name}${committee}`,
        kind: 'village',
        parentCode: tUnit,
        areaCode: v.code,
        phone: `${PHONE}-73${ti + 3}${String(vi + 1).padStart(2, '0')}${String(10 + vi * 7).padStart(2, '0')}`,
      });
      unitOfArea.set(v.code, vUnit);
    });
});

// ---------- dispatch catalogue ----------
// leaf code -> [county-wide lead department, [assisting departments]]
// For duty "township" leaves the department is the county-wide fallback (area unknown)
// and the assisting department next to each township's lead.
const duty = {
  '010101': ['D-CGJ', ['D-CGJ']],
  '010102': ['D-CGJ', []],
  '010103': ['D-SWGS', ['D-ZJJ']],
  '010104': ['D-GDGS', []],
  '010105': ['D-ZJJ', ['D-YJJ']],
  '010201': ['D-ZJJ', ['D-ZJJ']],
  '010202': ['D-ZRJ', []],
  '010203': ['D-GJJ', []],
  '010301': ['D-CGJ', ['D-CGJ']],
  '010302': ['D-CGJ', ['D-ZRJ']],
  '010303': ['D-CGJ', ['D-CGJ']],
  '020101': ['D-JTJ', []],
  '020102': ['D-JTJ', ['D-JTJ']],
  '020201': ['D-GAJ', []],
  '020202': ['D-GAJ', []],
  '020301': ['D-JTJ', []],
  '030101': ['D-HJJ', []],
  '030102': ['D-HJJ', ['D-SLJ']],
  '030103': ['D-ZJJ', ['D-HJJ']],
  '030104': ['D-GAJ', []],
  '030201': ['D-SLJ', []],
  '040101': ['D-SJJ', []],
  '040201': ['D-SJJ', []],
  '040301': ['D-SJJ', []],
  '050101': ['D-RSJ', []],
  '050201': ['D-RSJ', []],
  '050202': ['D-YBJ', []],
  '050301': ['D-RSJ', []],
  '060101': ['D-JYJ', []],
  '060102': ['D-JYJ', []],
  '070101': ['D-WJJ', []],
  '070102': ['D-WJJ', []],
  '080101': ['D-GAJ', []],
  '080102': ['D-GAJ', []],
  '080201': ['D-GAJ', []],
  '080202': ['D-YJJ', []],
  '090101': ['D-NYJ', ['D-NYJ']],
  '090201': ['D-NYJ', ['D-NYJ']],
  '100101': ['D-MZJ', ['D-MZJ']],
  '100201': ['D-MZJ', ['D-MZJ']],
  '100202': ['D-MZJ', []],
  '100301': ['D-MZJ', []],
  '110101': ['D-ZWJ', []],
};
// Village-level matters: the village/community committee leads inside its own area.
const villageLevel = {
  '010303': () => true, // 环境卫生: every village and community
  '090201': (v) => v.name.endsWith('村'), // 农村人居环境: villages only
  '010201': (v) => v.name.endsWith('社区'), // 物业纠纷: communities only
};

const leaves = [];
const walk = (n) => (n.children ? n.children.forEach(walk) : leaves.push(n));
categories.forEach(walk);

const catalogue = [];
for (const leaf of leaves) {
  const entry = duty[leaf.code];
  if (!entry) throw new Error(`no duty entry for ${leaf.code} ${leaf.name}`);
  const [lead, assists] = entry;
  catalogue.push({ categoryCode: leaf.code, areaCode: null, unitCode: lead, role: 'lead' });
  if (leaf.duty === 'county') {
    for (const a of assists) catalogue.push({ categoryCode: leaf.code, areaCode: null, unitCode: a, role: 'assist' });
    continue;
  }
  for (const t of townships) {
    catalogue.push({ categoryCode: leaf.code, areaCode: t.code, unitCode: unitOfArea.get(t.code), role: 'lead' });
    for (const a of assists) catalogue.push({ categoryCode: leaf.code, areaCode: t.code, unitCode: a, role: 'assist' });
  }
  const pick = villageLevel[leaf.code];
  if (pick) {
    for (const v of areas.filter((a) => a.kind === 'village' && pick(a))) {
      catalogue.push({ categoryCode: leaf.code, areaCode: v.code, unitCode: unitOfArea.get(v.code), role: 'lead' });
    }
  }
}

writeFileSync(join(here, 'units.json'), `[\n${units.map((u) => '  ' + JSON.stringify(u)).join(',\n')}\n]\n`);
writeFileSync(join(here, 'catalogue.json'), `[\n${catalogue.map((r) => '  ' + JSON.stringify(r)).join(',\n')}\n]\n`);
console.log(`units.json: ${units.length} units; catalogue.json: ${catalogue.length} rules for ${leaves.length} leaves`);
