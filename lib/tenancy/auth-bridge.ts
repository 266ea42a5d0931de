import { dump } from 'js-yaml';
import { SPIFFE_IDP_ALIAS } from '../keycloak/realm';
import type { AgentRuntimeCr } from './models';

/**
 * The AuthBridge contract of the pinned operator (REFERENCE.md, "The agent operator's contract").
 * Its webhook reads the mode and egress setting ONLY from the namespace ConfigMap
 * {@link RUNTIME_CONFIG_MAP} (`config.yaml`), then a pod annotation, then defaults to
 * `proxy-sidecar` + `enforce-redirect` — which injects a root `proxy-init` with NET_ADMIN. Every
 * team namespace therefore carries that ConfigMap, and the operator chart allows no egress
 * enforcement but {@link EGRESS_ENFORCEMENT}, so no namespace can ever receive `proxy-init`.
 *
 * The mode is `proxy-sidecar` with the mesh on and off: the sidecar validates the caller's token
 * on the way in (`jwt-validation`, audience = the agent's own client id, from `/shared/client-id.txt`)
 * and exchanges it for the callee's audience on the way out (`token-exchange` with one route per
 * call-graph edge leaving the namespace, `routes.rules[]` as the sidecar reads them; the
 * AgentRuntime's `spec.auth.outbound` is not used: the webhook would copy it into a list the
 * pinned sidecar does not decode). `waypoint` mode injects nothing and the pinned release ships
 * no standalone AuthBridge, so it would validate no token at all. With the mesh on, ztunnel still carries mTLS and the L4
 * call graph; the sidecar's own mTLS is off there (the mesh already encrypts the hop).
 */
export const AUTHBRIDGE_MODE = 'proxy-sidecar' as const;
/** The only egress enforcement allowed: the forward proxy by `HTTP(S)_PROXY`, no iptables redirect (no `proxy-init`). */
export const EGRESS_ENFORCEMENT = 'none' as const;
/** Namespace ConfigMap the webhook reads the mode from. */
export const RUNTIME_CONFIG_MAP = 'authbridge-runtime-config';
/** Namespace ConfigMap the injected spiffe-helper reads (SPIRE on). */
export const SPIFFE_HELPER_CONFIG_MAP = 'spiffe-helper-config';
/** Namespace ConfigMap the operator creates and fills only where keys are missing: pre-seeded with our values. */
export const AUTHBRIDGE_CONFIG_MAP = 'authbridge-config';
/** Name of the container the webhook injects in `proxy-sidecar` mode. */
export const AUTHBRIDGE_CONTAINER = 'authbridge-proxy';
/** UID and GID the injected sidecar runs as (fixed by the operator). */
export const AUTHBRIDGE_UID = 1337;

export interface AuthBridgeWiring {
  readonly features: { readonly mesh: boolean; readonly spire: boolean };
  /** In-cluster Keycloak base URL (`http://<svc>.<ns>.svc:8080`). */
  readonly keycloakUrl: string;
  readonly realm: string;
  /** Issuer of the realm's tokens (public URL): also the audience of the JWT-SVIDs Keycloak accepts. */
  readonly issuer: string;
}

/** The `spec` fields of an AgentRuntime that restate the namespace's choice (the webhook does not read them). */
export function authBridgeFor(w: Pick<AuthBridgeWiring, 'features'>): Pick<AgentRuntimeCr['spec'], 'authBridgeMode' | 'egressEnforcement' | 'mtlsMode'> {
  return { authBridgeMode: AUTHBRIDGE_MODE, egressEnforcement: EGRESS_ENFORCEMENT, mtlsMode: sidecarMtls(w.features) };
}

/**
 * Sidecar mTLS: off with the mesh (ztunnel encrypts every hop) and without SPIRE (no X.509-SVID);
 * `permissive` with SPIRE and no mesh, so callers without a sidecar (the operator fetching
 * Agent Cards) still connect.
 */
function sidecarMtls(f: AuthBridgeWiring['features']): 'disabled' | 'permissive' {
  return f.mesh || !f.spire ? 'disabled' : 'permissive';
}

/** One outbound route: calls to `host` get the caller's token exchanged for `target_audience`. */
export interface ExchangeRoute {
  readonly host: string;
  readonly target_audience: string;
}

/**
 * `config.yaml` of {@link RUNTIME_CONFIG_MAP}: mode, egress, sidecar mTLS and the token pipeline.
 * `mtls.mode` is always written: unset, the webhook defaults to `permissive`, which turns SPIRE
 * on for the pod even where there is none.
 */
export function runtimeConfig(w: AuthBridgeWiring, routes: readonly ExchangeRoute[]): string {
  const keycloak = { keycloak_url: w.keycloakUrl, keycloak_realm: w.realm };
  const config = {
    mode: AUTHBRIDGE_MODE,
    egressEnforcement: EGRESS_ENFORCEMENT,
    mtls: { mode: sidecarMtls(w.features) },
    ...(w.features.spire ? { spiffe: {} } : {}),
    pipeline: {
      inbound: { plugins: [{ name: 'jwt-validation', config: { issuer: w.issuer, ...keycloak } }] },
      outbound: {
        plugins: [
          {
            name: 'token-exchange',
            config: {
              ...keycloak,
              // Destinations without a route (Keycloak, the collector, public APIs) pass unchanged.
              default_policy: 'passthrough',
              // The sidecar authenticates to Keycloak with the agent's JWT-SVID (no secret); without SPIRE with the operator-generated client secret.
              identity: w.features.spire ? { type: 'spiffe', jwt_audience: w.issuer } : { type: 'client-secret' },
              // The call graph's edges out of this namespace: each callee host, its client id as the only audience.
              ...(routes.length ? { routes: { rules: routes.map((r) => ({ host: r.host, target_audience: r.target_audience })) } } : {}),
            },
          },
        ],
      },
    },
  };
  return dump(config, { lineWidth: -1, noRefs: true });
}

/**
 * Keys of {@link AUTHBRIDGE_CONFIG_MAP} where ours differ from the operator's defaults; the
 * operator fills the keys left out. `PLATFORM_CLIENT_IDS` is deliberately left to the operator's
 * default (`<brand>`, a client our realm does not have): the operator attaches every agent's
 * audience scope to those clients as a DEFAULT scope, so naming the UI client would put every
 * agent in every UI token (a skeleton key).
 */
export function authBridgeConfig(w: AuthBridgeWiring): Record<string, string> {
  return {
    KEYCLOAK_URL: w.keycloakUrl,
    KEYCLOAK_REALM: w.realm,
    ISSUER: w.issuer,
    CLIENT_AUTH_TYPE: w.features.spire ? 'federated-jwt' : 'client-secret',
    ...(w.features.spire ? { SPIFFE_IDP_ALIAS, JWT_AUDIENCE: w.issuer } : {}),
    KEYCLOAK_TOKEN_EXCHANGE_ENABLED: 'true',
    KEYCLOAK_AUDIENCE_SCOPE_ENABLED: 'true',
  };
}
