/**
 * The desk's typed client cannot drift from the API: the committed web/src/api/schema.d.ts and
 * openapi.json must equal what the current server generates. After an API change run `npm run web:api`
 * and commit both files.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_JSON, GENERATED_TYPES, generateClientFiles } from '../../scripts/web-api-gen';

describe('the generated web API client', () => {
  it('is up to date with the API (else run `npm run web:api`)', async () => {
    const { json, types } = await generateClientFiles();
    const [committedJson, committedTypes] = await Promise.all([
      readFile(GENERATED_JSON, 'utf8'),
      readFile(GENERATED_TYPES, 'utf8'),
    ]);
    // Compare parsed documents first: a readable diff of what changed in the API.
    expect(JSON.parse(committedJson), `${GENERATED_JSON} is stale: run npm run web:api`).toEqual(JSON.parse(json));
    expect(committedTypes === types, `${GENERATED_TYPES} is stale: run npm run web:api`).toBe(true);
  });
});
