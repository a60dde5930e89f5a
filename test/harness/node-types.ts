/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The in-memory INodeTypes stand-in (n8n's CLI builds one from the loaded packages), and the
 * test-only source node that hands the node under test its input items.
 */
import {
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const SOURCE_NODE_TYPE = 'test.items';

/** The node under test's id (n8n's deduplication scope 'node' is per node id): webhook and poll calls give their node the same. */
export const HARNESS_NODE_ID = 'harness-node';

export interface HarnessInputItem {
	json: IDataObject;
	binary?: Record<string, { data: Buffer | string; mimeType?: string; fileName?: string }>;
}

/** Without a mime type, 2.x's prepareBinaryData reaches an ESM-only import (`file-type`) jest cannot load. */
export const DEFAULT_MIME_TYPE = 'application/octet-stream';

/**
 * A source node that emits the given items. Binary data goes through the real
 * `this.helpers.prepareBinaryData`, so the next node gets exactly what n8n would hand it
 * (inline base64 or a filesystem reference, depending on the binary data mode).
 */
export function createSourceNodeType(items: HarnessInputItem[]): INodeType {
	const description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: SOURCE_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items a harness run was given',
		defaults: { name: 'Test Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const output: INodeExecutionData[] = [];
			for (const item of items) {
				const entry: INodeExecutionData = { json: deepCopy(item.json) };
				if (item.binary) {
					entry.binary = {};
					for (const [property, file] of Object.entries(item.binary)) {
						const bytes = typeof file.data === 'string' ? Buffer.from(file.data, 'base64') : file.data;
						entry.binary[property] = await this.helpers.prepareBinaryData(
							bytes,
							file.fileName,
							file.mimeType ?? DEFAULT_MIME_TYPE,
						);
					}
				}
				output.push(entry);
			}
			// No pairedItem here: with a single input item n8n's engine assigns { item: 0 } itself.
			return [output];
		},
	};
}

/** What a node type's latest version is: the versioned type's current one, or the highest listed. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Node types by name. `observe` lets the harness see the error instance a node's `execute`
 * throws: n8n's engine records only a spread copy (`{ ...error, message, stack }`), which loses
 * the class and the non-enumerable `cause`.
 */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	private readonly observed = new Set<string>();

	constructor(private readonly onExecuteError?: (nodeTypeName: string, error: unknown) => void) {}

	register(name: string, nodeType: INodeType | IVersionedNodeType, observe = false): this {
		this.types.set(name, nodeType);
		if (observe) this.observed.add(name);
		return this;
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const nodeType = this.types.get(name);
		if (!nodeType) {
			throw new UnexpectedError(`Unrecognized node type: ${name}`, { tags: { nodeType: name } });
		}
		return nodeType;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const resolved = NodeHelpers.getVersionedNodeType(this.getByName(name), version);
		if (!this.observed.has(name) || !resolved.execute || !this.onExecuteError) return resolved;
		return this.observe(name, resolved);
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	private observe(name: string, nodeType: INodeType): INodeType {
		const execute = nodeType.execute!;
		const report = this.onExecuteError!;
		// Everything else (description, methods, customOperations...) comes through the prototype.
		return Object.create(nodeType, {
			execute: {
				value: async function (this: IExecuteFunctions, ...args: unknown[]) {
					try {
						return await (execute as (...a: unknown[]) => Promise<unknown>).apply(this, args);
					} catch (error) {
						report(name, error);
						 
						throw error;
					}
				},
			},
		}) as INodeType;
	}
}
