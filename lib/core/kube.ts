import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** Any Kubernetes-shaped object. */
export interface KubeBody {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

/**
 * Adds one Kubernetes object to the tree. The type parameter is the object's typed model
 * (Kubernetes 1.30 interfaces from `kubernetes-models`, or our own for CRDs), so shapes are
 * checked at compile time; names are always explicit (no generated hashes).
 */
export function kube<T extends object>(scope: Construct, id: string, body: T & { apiVersion: string; kind: string }): ApiObject {
  return new ApiObject(scope, id, body as unknown as KubeBody);
}
