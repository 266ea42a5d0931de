import { z } from 'zod';
import { PlatformSpecSchema } from './schema';

/** JSON Schema of spec files (input form: defaults optional), published as schema/platform-spec.schema.json. */
export function specJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlatformSpecSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://agentplane.dev/schema/platform-spec.schema.json', title: 'agentplane platform spec' };
}
