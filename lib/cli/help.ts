export const MAIN_HELP = `agentplane: synthesize and explain a zero-trust AI-agent platform for Kubernetes

Usage: agentplane <command> [options]

Commands:
  synth      Write the platform's GitOps manifests (default charts-out/<target>-<profile>/)
  validate   Check a spec and run every synthesis check; writes nothing
  explain    Show what is on and why, versions, namespaces and agent identities
  graph      Draw the agent call graph with the policy enforcing each edge (Mermaid, DOT)
  schema     Print the JSON Schema of spec files
  diff       Compare two platforms (spec files, profiles or synthesized folders) per component, flagging risky changes
  preflight  Read a cluster and report every conflict with the spec before anything is applied

Run 'agentplane <command> --help' for the command's options.

Exit codes: 0 success; 1 invalid spec or failed check (nothing written); 2 usage error.`;

const SELECT = `  -p, --profile NAME  profile preset: minimal | full | agentstack (default: the spec's, else minimal)
  -t, --target NAME   kind | microshift | openshift (default: the spec's, else kind)
  -s, --spec FILE     YAML or JSON spec merged over the profile (flags win)`;

export const COMMAND_HELP: Record<string, string> = {
  synth: `Usage: agentplane synth [options]

Synthesizes the platform into a folder Argo CD can sync as is: one folder per component in
install order, apps/ with one Application per component (sync waves), app-of-apps.yaml.
The folder is replaced as a whole; a failing spec or check writes nothing.

${SELECT}
  -o, --out DIR       output folder (default charts-out/<target>-<profile>)
  -q, --quiet         print nothing on success
  -h, --help          this help

Exit codes: 0 written; 1 invalid spec or failed check; 2 usage error.`,
  validate: `Usage: agentplane validate [options]

Validates the spec (field rules, references, feature dependencies) and runs the synthesis
checks on everything it would synthesize. Writes nothing.

${SELECT}
      --json          machine-readable result
      --rules         print the catalogue of every rule (id, stage, rationale, fix) and exit
  -h, --help          this help

Exit codes: 0 valid; 1 invalid (each problem names its field or rule and the fix); 2 usage error.`,
  explain: `Usage: agentplane explain [options]

Explains the resolved platform: target capabilities, each feature on/off and why, components
in install order with delivery and pinned versions, names derived from the operator pin,
namespaces, and every agent's identity, peers and AuthBridge mode.

${SELECT}
      --json          machine-readable result
  -h, --help          this help

Exit codes: 0 explained; 1 invalid spec; 2 usage error.`,
  graph: `Usage: agentplane graph [options]

Draws who may call whom: every declared edge with the policy that enforces it (ztunnel L4
identity, waypoint L7 methods/paths, or NetworkPolicy when the mesh is off), plus the platform
namespaces every agent admits. Anything not drawn is denied.

${SELECT}
  -f, --format NAME   mermaid | dot (default mermaid)
  -o, --out FILE      write to FILE instead of standard output
  -h, --help          this help

Exit codes: 0 drawn; 1 invalid spec; 2 usage error.`,
  diff: `Usage: agentplane diff OLD NEW [options]

Compares two platforms object by object, grouped by component: added, removed and changed
objects with the changed fields. OLD and NEW are each a spec file (.yaml, .yml, .json), a
profile name (minimal | full | agentstack) or a folder written by 'agentplane synth'.
Risky changes are flagged: CRD changes (including upstream releases that install CRDs),
namespace deletion, PeerAuthentication loosening, widened authorization, network or RBAC
policies, removed guardrails and unpinned images.

  -t, --target NAME   target for profiles and spec files (overrides a spec's target, as in synth; folders keep theirs)
      --json          machine-readable result (for CI bots: read summary.risky)
  -h, --help          this help

Exit codes: 0 compared (with or without differences or risks); 1 invalid spec or unreadable folder; 2 usage error.`,
  preflight: `Usage: agentplane preflight --context NAME [options]

Reads the cluster with read-only GETs and reports every conflict with the spec before anything
is applied: Kubernetes version below what the output needs, a target that does not match the
cluster (OpenShift, MicroShift, plain Kubernetes), OLM missing, the Zero Trust Workload Identity
Manager channel for the OpenShift version, CRDs the plan installs already owned by another
manager (Helm, OLM, Argo CD, OpenShift), operators already installed by OLM, domain not the
OpenShift apps domain, no default StorageClass, namespaces that exist and would be adopted.
Each finding names what was found and the fix. A read the cluster refuses is a warning.

${SELECT}
      --context NAME  kube context to read (required unless --kubeconfig FILE has a current context)
      --kubeconfig F  kubeconfig file (default $KUBECONFIG, else ~/.kube/config)
      --json          machine-readable report: { context, server, cluster, findings, conflicts, warnings }
  -h, --help          this help

Exit codes: 0 no conflicts (warnings allowed); 1 conflicts found, invalid spec, or the cluster could not be read; 2 usage error.`,
  schema: `Usage: agentplane schema [--out FILE]

Prints the JSON Schema of spec files (what editors use to complete and check them).

  -o, --out FILE      write to FILE instead of standard output
  -h, --help          this help

Exit codes: 0 written; 2 usage error.`,
};
