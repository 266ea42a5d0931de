/** The MCP gateway's fixed facts, shared by the gateway component and the agents that call it. */
export const MCP_SYSTEM_NAMESPACE = 'mcp-system';
export const MCP_GATEWAY_NAMESPACE = 'gateway-system';
export const MCP_GATEWAY_NAME = 'mcp-gateway';
/** Istio names the Service of a Gateway `<name>-<class>`. */
export const MCP_GATEWAY_SERVICE = `${MCP_GATEWAY_NAME}-istio`;
export const MCP_GATEWAY_PORT = 8080;
/** Agents address the gateway by its in-cluster Service name (also the `mcp` listener's host). */
export const MCP_DEFAULT_HOST = `${MCP_GATEWAY_SERVICE}.${MCP_GATEWAY_NAMESPACE}.svc.cluster.local`;
/** Host pattern the gateway routes each tool server under (`<server>.mcp.local`). */
export const MCP_INTERNAL_HOSTS = '*.mcp.local';
/** Environment variable agents with tool grants read the gateway URL from. */
export const MCP_URL_ENV = 'MCP_GATEWAY_URL';

/** The URL agents call: `http://<host>:8080/mcp`. */
export function mcpGatewayUrl(host: string): string {
  return `http://${host}:${MCP_GATEWAY_PORT}/mcp`;
}
