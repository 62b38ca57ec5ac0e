// Knowledge-base search for residents and operators. Chinese has no spaces to split words on,
// so a question is cut into overlapping two-character pieces (路灯不亮怎么办 → 路灯, 灯不, 不亮, …)
// plus any Latin/digit words, and entries are ranked by how many pieces they contain. Good
// enough for a county's few hundred entries, on either database, with no search engine.
import { Injectable } from '@nestjs/common';
import type { KnowledgeSearchResponse } from '@hotline/core';
import { KnowledgeRepository } from './knowledge.repository';

const MAX_PIECES = 40;

export function queryPieces(q: string): string[] {
  const pieces = new Set<string>();
  const text = q.toLowerCase();
  for (const run of text.match(/[\p{Script=Han}]+/gu) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) pieces.add(run);
    for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of text.match(/[a-z0-9]{2,}/g) ?? []) pieces.add(word);
  return [...pieces].slice(0, MAX_PIECES);
}

@Injectable()
export class KnowledgeService {
  constructor(private readonly knowledge: KnowledgeRepository) {}

  async search(q: string, limit: number): Promise<KnowledgeSearchResponse> {
    const pieces = queryPieces(q);
    const rows = await this.knowledge.findContainingAny(pieces);
    const scored = rows
      .map((row) => {
        const text = row.search_text.toLowerCase();
        const score = pieces.filter((p) => text.includes(p)).length;
        // A piece in the title counts once more: the title says what the entry is about.
        const titleHits = pieces.filter((p) => row.title.toLowerCase().includes(p)).length;
        return { row, score, rank: score + titleHits };
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.rank - a.rank || a.row.code.localeCompare(b.row.code))
      .slice(0, limit);
    return {
      items: scored.map(({ row, score }) => ({ id: row.id, code: row.code, title: row.title, answer: row.answer, categoryCode: row.category_code, score })),
    };
  }
}
