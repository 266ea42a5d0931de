import type { ObservabilitySpec } from '../spec/schema';

/**
 * GenAI semantic conventions and OpenInference, reconciled in the collector instead of
 * filtering: a span lacking one vocabulary gets it from the other, nothing is dropped. Metrics
 * read the GenAI names; Phoenix reads the OpenInference names.
 */

const a = (key: string) => `attributes["${key}"]`;
const set = (to: string, from: string, extra = '') => `set(${a(to)}, ${a(from)}) where ${a(from)} != nil and ${a(to)} == nil${extra}`;

/** Attribute carrying the cost the platform computes from the price table. */
export const COST_ATTRIBUTE = 'agentplane.llm.cost';

const MODEL_KIND = `(${a('openinference.span.kind')} == "LLM" or ${a('openinference.span.kind')} == "EMBEDDING")`;

/** A span that is one model call: an LLM or embedding span with a model name. */
export const MODEL_CALL = `${a('gen_ai.request.model')} != nil and ${MODEL_KIND}`;

/** A token count the metrics may read: an integer, not negative (anything else is not counted). */
export const countable = (key: string) => `IsInt(${a(key)}) and ${a(key)} >= 0`;

/** OpenInference span kinds for GenAI operation names. */
const SPAN_KINDS: readonly (readonly [string, string])[] = [
  ['chat', 'LLM'],
  ['text_completion', 'LLM'],
  ['generate_content', 'LLM'],
  ['embeddings', 'EMBEDDING'],
  ['execute_tool', 'TOOL'],
  ['invoke_agent', 'AGENT'],
  ['create_agent', 'AGENT'],
];

/**
 * OTTL statements (span context), in order. Every statement only fills attributes that are
 * missing, so spans already carrying both vocabularies pass unchanged.
 */
export function genAiStatements(prices: ObservabilitySpec['prices']): string[] {
  const out = [
    // Cost is the platform's to compute: an agent cannot set (or hide) its own.
    `delete_key(attributes, "${COST_ATTRIBUTE}")`,
    // Older GenAI names, then OpenInference into GenAI (metrics read GenAI).
    set('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    set('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'),
    set('gen_ai.provider.name', 'gen_ai.system'),
    set('gen_ai.request.model', 'llm.model_name'),
    set('gen_ai.usage.input_tokens', 'llm.token_count.prompt'),
    set('gen_ai.usage.output_tokens', 'llm.token_count.completion'),
    // GenAI into OpenInference (Phoenix reads OpenInference); the response model is the exact one.
    set('llm.model_name', 'gen_ai.response.model'),
    set('llm.model_name', 'gen_ai.request.model'),
    set('llm.system', 'gen_ai.provider.name'),
    set('llm.token_count.prompt', 'gen_ai.usage.input_tokens'),
    set('llm.token_count.completion', 'gen_ai.usage.output_tokens'),
    ...SPAN_KINDS.map(([op, kind]) => `set(${a('openinference.span.kind')}, "${kind}") where ${a('gen_ai.operation.name')} == "${op}" and ${a('openinference.span.kind')} == nil`),
    // Token counts sent as strings or floats become integers; what does not convert stays
    // unreadable to the metrics (their conditions require IsInt), never an error for the batch.
    ...['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens'].map((k) => `set(${a(k)}, Int(${a(k)})) where ${a(k)} != nil and not IsInt(${a(k)})`),
    // A span reporting token usage without an operation name is still a model call.
    `set(${a('openinference.span.kind')}, "LLM") where ${a('openinference.span.kind')} == nil and (${a('gen_ai.usage.input_tokens')} != nil or ${a('gen_ai.usage.output_tokens')} != nil)`,
    // A model call reporting one side of usage used none of the other (embeddings have no output).
    `set(${a('gen_ai.usage.input_tokens')}, 0) where ${MODEL_CALL} and ${a('gen_ai.usage.input_tokens')} == nil and ${a('gen_ai.usage.output_tokens')} != nil`,
    `set(${a('gen_ai.usage.output_tokens')}, 0) where ${MODEL_CALL} and ${a('gen_ai.usage.output_tokens')} == nil and ${a('gen_ai.usage.input_tokens')} != nil`,
    `set(${a('llm.token_count.total')}, ${a('gen_ai.usage.input_tokens')} + ${a('gen_ai.usage.output_tokens')}) where ${a('llm.token_count.total')} == nil and ${countable('gen_ai.usage.input_tokens')} and ${countable('gen_ai.usage.output_tokens')}`,
  ];
  // Cost per model call: (input x price + output x price) / 1e6, prices per million tokens.
  for (const p of prices) {
    out.push(
      `set(${a(COST_ATTRIBUTE)}, (Double(${a('gen_ai.usage.input_tokens')}) * ${decimal(p.input)} + Double(${a('gen_ai.usage.output_tokens')}) * ${decimal(p.output)}) / 1000000.0) where ${a('gen_ai.request.model')} == "${p.model}" and ${MODEL_KIND} and ${countable('gen_ai.usage.input_tokens')} and ${countable('gen_ai.usage.output_tokens')}`,
    );
  }
  return out;
}

/** A float literal OTTL parses: always a decimal point, never an exponent. */
export function decimal(v: number): string {
  const fixed = v.toFixed(12).replace(/0+$/, '');
  return fixed.endsWith('.') ? `${fixed}0` : fixed;
}
