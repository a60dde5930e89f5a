/**
 * Reading a parameter for an item.
 *
 * n8n resolves a parameter anew on every read, for every item: a plain value is copied, checked
 * against its schema and, for a resource locator, has its value extracted; an expression runs in
 * n8n's expression engine. Every item of a batch is read before the first create goes out, so
 * these reads are on the path to the first paid task. A value with no expression anywhere in it
 * (no text starting with "=") resolves the same for every item: it is resolved once per node run
 * and each item gets its own copy. Values with expressions are resolved for each item, as n8n does.
 */
import { deepCopy, type IExecuteFunctions, type IGetNodeParameterOptions, type INodeParameters } from 'n8n-workflow';

type Resolution = { sameForEveryItem: false } | { sameForEveryItem: true; value: unknown };

/** One per node run: n8n's parameters as each item resolves them, plain values resolved once. */
export class ItemParameters {
	/** The node's parameters as saved (expressions unresolved), read once: `getNode()` copies them all. */
	private saved?: INodeParameters;
	private readonly resolutions = new Map<string, Resolution>();

	constructor(readonly context: IExecuteFunctions) {}

	/** The parameter as n8n resolves it for this item (the same call as `getNodeParameter`). */
	read(name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions): unknown {
		const key = options ? `${name} ${JSON.stringify(options)}` : name;
		const known = this.resolutions.get(key);
		if (known?.sameForEveryItem) return ownCopy(known.value);
		const value = this.context.getNodeParameter(name, itemIndex, fallback, options);
		if (!known) {
			this.saved ??= this.context.getNode().parameters;
			const saved = this.saved[name];
			const same = saved !== undefined && !holdsExpression(saved);
			this.resolutions.set(key, same ? { sameForEveryItem: true, value: ownCopy(value) } : { sameForEveryItem: false });
		}
		return value;
	}
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
