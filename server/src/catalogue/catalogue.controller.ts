// The public category tree: residents pick the leaf their demand belongs to.
import { Controller, Get, Header } from '@nestjs/common';
import { categoryTreeResponseSchema, type CategoryTreeResponse } from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { CatalogueService } from './catalogue.service';

@Controller('categories')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Endpoint({
    summary: '诉求分类树',
    description: '只能选择叶子分类提交诉求；每个叶子带默认诉求类型与职责归属（县直部门或乡镇）。',
    tags: ['catalogue'],
    access: 'public',
    response: categoryTreeResponseSchema,
  })
  // Categories change rarely (an admin edit); a phone may reuse the tree for five minutes.
  @Header('Cache-Control', 'public, max-age=300')
  tree(): Promise<CategoryTreeResponse> {
    return this.catalogue.tree();
  }
}
