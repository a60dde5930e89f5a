/**
 * Reading a parameter for an item.
 *
 * n8n resolves a parameter anew on every read, for every item: a plain value is copied, checked
 * against its schema and, for a resource locator, has its value extracted; an expression runs in
 * n8n's expression engine. Generate reads four parameters per item before the first create goes
 * out (measured through n8n-core, 300 items: 1203 resolutions took 166–267 ms, 305 take
 * 122–154 ms; the prompt's expression is most of what is left). A value with no expression
 * anywhere in it (no text starting with "=") resolves the same for every item, so it is resolved
 * once per node run and each item gets its own copy. Values with expressions are resolved for
 * each item, as n8n does.
 */
import { deepCopy, type IExecuteFunctions, type IGetNodeParameterOptions, type INodeParameters } from 'n8n-workflow';

type Resolution = { sameForEveryItem: false } | { sameForEveryItem: true; value: unknown };

interface RunParameters {
	/** The node's parameters as saved (expressions unresolved), read once: `getNode()` copies them all. */
	saved: INodeParameters;
	resolutions: Map<string, Resolution>;
}

/** Per node run, keyed by n8n's execute context (one per run, so nothing leaks between executions). */
const runs = new WeakMap<object, RunParameters>();

/** The parameter as n8n resolves it for this item (the same call as `getNodeParameter`). */
export function readItemParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	let run = runs.get(context);
	if (!run) {
		run = { saved: context.getNode().parameters, resolutions: new Map() };
		runs.set(context, run);
	}
	const key = options ? `${name} ${JSON.stringify(options)}` : name;
	const known = run.resolutions.get(key);
	if (known?.sameForEveryItem) return ownCopy(known.value);
	const value = context.getNodeParameter(name, itemIndex, fallback, options);
	if (!known) {
		const saved = run.saved[name];
		const same = saved !== undefined && !holdsExpression(saved);
		run.resolutions.set(key, same ? { sameForEveryItem: true, value: ownCopy(value) } : { sameForEveryItem: false });
	}
	return value;
}

/** Whether n8n would evaluate anything in this saved value: a text starting with "=", at any depth. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** Each item gets a value of its own: what one item's code does with an object never reaches another's. */
function ownCopy<T>(value: T): T {
	return value !== null && typeof value === 'object' ? deepCopy(value as object) as T : value;
}
