/** `npm run web:api`: regenerates the desk's typed API client (run it after any API change). */
import { writeFile } from 'node:fs/promises';
import { GENERATED_JSON, GENERATED_TYPES, generateClientFiles } from './web-api-gen';

const { json, types } = await generateClientFiles();
await writeFile(GENERATED_JSON, json);
await writeFile(GENERATED_TYPES, types);
console.log(`wrote ${GENERATED_JSON} and ${GENERATED_TYPES}`);
