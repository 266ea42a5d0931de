import type { PlatformSpecInput } from '../lib/spec/schema';
import { agentstack } from './agentstack';
import { full } from './full';
import { minimal } from './minimal';

/** Built-in profiles by name. A user's own profile is a spec that starts from one of these. */
export const PROFILES: Readonly<Record<string, PlatformSpecInput>> = { minimal, full, agentstack };

export { agentstack, full, minimal };
