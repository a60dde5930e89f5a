/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * form/itemParameters.ts through n8n's real execution path: a value with no expression is
 * resolved by n8n once per run, and every item still gets what n8n would have given it, in a
 * copy of its own; a value with an expression anywhere in it is resolved for each item.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { holdsExpression, ItemParameters } from '../../nodes/Seedance/form/itemParameters';
import { runNode, shutdownHarness } from '../harness';

class Reader implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reader',
		name: 'reader',
		group: ['transform'],
		version: 1,
		description: 'Reads its parameters for each item',
		defaults: { name: 'Reader' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Label', name: 'label', type: 'string', default: '' },
			{
				displayName: 'Model',
				name: 'model',
				type: 'resourceLocator',
				default: { mode: 'id', value: '' },
				modes: [{ displayName: 'ID', name: 'id', type: 'string' }],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Minutes', name: 'minutes', type: 'number', default: 5 },
					{ displayName: 'Tags', name: 'tags', type: 'string', default: '' },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Count what n8n itself resolves (an own property shadows the context's method).
		const resolve = this.getNodeParameter.bind(this);
		const resolved: string[] = [];
		(this as any).getNodeParameter = (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
			resolved.push(args[0]);
			return (resolve as any)(...args);
		};
		const parameters = new ItemParameters(this);
		const output: INodeExecutionData[] = this.getInputData().map((_, i) => {
			const options = parameters.read('options', i, {}) as IDataObject;
			const json: IDataObject = {
				label: parameters.read('label', i, '') as string,
				model: parameters.read('model', i, '', { extractValue: true }) as string,
				options: { ...options },
			};
			options.touched = i; // an item changing its own copy: the next item must not see it
			return { json, pairedItem: { item: i } };
		});
		// Last, what n8n resolved (a test-only item).
		output.push({ json: { resolved }, pairedItem: { item: 0 } });
		return [output];
	}
}

async function read(parameters: INodeParameters) {
	const result = await runNode({
		nodeType: new Reader(),
		nodeTypeName: 'test.reader',
		parameters,
		inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }],
	});
	if (result.error) throw result.error;
	const items = result.items.slice(0, -1).map((item) => item.json);
	const resolved = result.items[result.items.length - 1].json.resolved as string[];
	const count = (name: string) => resolved.filter((n) => n === name).length;
	return { items, count };
}

afterAll(async () => await shutdownHarness());

describe('ItemParameters.read', () => {
	it('resolves a value with no expression once per run, and gives each item its own copy', async () => {
		const { items, count } = await read({
			label: 'same',
			model: { __rl: true, mode: 'id', value: 'doubao-seedance-1-0-pro-250528' },
			options: { minutes: 7, tags: 'a' },
		});
		expect(items).toEqual([1, 2, 3].map(() => ({ label: 'same', model: 'doubao-seedance-1-0-pro-250528', options: { minutes: 7, tags: 'a' } })));
		expect([count('label'), count('model'), count('options')]).toEqual([1, 1, 1]);
	});

	it('resolves a value with an expression anywhere in it for each item, as n8n does', async () => {
		const { items, count } = await read({
			label: '={{ "clip " + $json.n }}',
			model: { __rl: true, mode: 'id', value: '={{ "model-" + $json.n }}' },
			options: { minutes: '={{ $json.n * 10 }}', tags: 'a' },
		});
		expect(items).toEqual([1, 2, 3].map((n) => ({ label: `clip ${n}`, model: `model-${n}`, options: { minutes: n * 10, tags: 'a' } })));
		expect([count('label'), count('model'), count('options')]).toEqual([3, 3, 3]);
	});

	it('tells saved values with expressions from plain ones, at any depth', () => {
		expect(holdsExpression('={{ $json.x }}')).toBe(true);
		expect(holdsExpression({ a: [{ b: '=x' }] })).toBe(true);
		expect(holdsExpression({ a: [{ b: 'x = 1' }], c: 3, d: null, e: true })).toBe(false);
		expect(holdsExpression('a=b')).toBe(false);
	});
});
