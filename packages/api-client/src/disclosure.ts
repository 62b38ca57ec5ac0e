// The centre's moderation of typical cases: draft from a closed case with consent, edit, choose
// photos and the areas to blur, publish, unpublish.
import {
  disclosureListSchema,
  disclosureSchema,
  type Disclosure,
  type UpdateDisclosureRequest,
} from '@hotline/core';
import type { z } from 'zod';
import type { ApiClientOptions } from './request';
import { createCaller } from './request';
import type { Transport } from './transport';

export interface DisclosureApiClient {
  list(): Promise<z.infer<typeof disclosureListSchema>>;
  create(caseId: string, filerTitle: 'mr' | 'ms'): Promise<Disclosure>;
  get(id: string): Promise<Disclosure>;
  update(id: string, body: UpdateDisclosureRequest): Promise<Disclosure>;
  publish(id: string): Promise<Disclosure>;
  unpublish(id: string): Promise<Disclosure>;
}

export function createDisclosureApiClient(transport: Transport, options: ApiClientOptions = {}): DisclosureApiClient {
  const call = createCaller(transport, options);
  const path = (id: string) => `/disclosure/${encodeURIComponent(id)}`;
  return {
    list: () => call({ method: 'GET', url: '/disclosure' }, disclosureListSchema),
    create: (caseId, filerTitle) => call({ method: 'POST', url: '/disclosure', data: { caseId, filerTitle } }, disclosureSchema),
    get: (id) => call({ method: 'GET', url: path(id) }, disclosureSchema),
    update: (id, body) => call({ method: 'PATCH', url: path(id), data: body }, disclosureSchema),
    publish: (id) => call({ method: 'POST', url: `${path(id)}/publish`, data: {} }, disclosureSchema),
    unpublish: (id) => call({ method: 'POST', url: `${path(id)}/unpublish`, data: {} }, disclosureSchema),
  };
}
