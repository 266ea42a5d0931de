import type { ComponentDefinition, ComponentId } from './core/component';
import { agentOperator } from './agent-operator';
import { certManager } from './cert-manager';
import { platformCa } from './cert-manager/ca';
import { gatewayApi } from './gateway-api';
import { guardrails } from './guardrails';
import { ingress } from './ingress';
import { istio } from './istio';
import { keycloak } from './keycloak';
import { kiali } from './kiali';
import { otel } from './observability';
import { phoenix } from './observability/phoenix';
import { spire } from './spire';
import { tenancy } from './tenancy';
import { tekton } from './tekton';
import { registry } from './registry';
import { builds } from './builds';
import { mcpGateway } from './mcp-gateway';
import { ui } from './ui';
import { shipwright } from './shipwright';

/** Every component, registered once. Order here only breaks ties: dependencies decide. */
export const COMPONENTS: readonly ComponentDefinition[] = [
  certManager,
  platformCa,
  guardrails,
  gatewayApi,
  istio,
  spire,
  keycloak,
  agentOperator,
  kiali,
  phoenix,
  otel,
  ingress,
  tenancy,
  tekton,
  registry,
  builds,
  mcpGateway,
  ui,
  shipwright,
] as readonly ComponentDefinition<ComponentId>[] as readonly ComponentDefinition[];
