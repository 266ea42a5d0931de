import type { ComponentDefinition, ComponentId } from './core/component';
import { agentOperator } from './agent-operator';
import { certManager } from './cert-manager';
import { keycloak } from './keycloak';
import { tenancy } from './tenancy';

/** Every component, registered once. Order here does not matter: dependencies decide. */
export const COMPONENTS: readonly ComponentDefinition[] = [certManager, keycloak, agentOperator, tenancy] as readonly ComponentDefinition<ComponentId>[] as readonly ComponentDefinition[];
