/** Video → Estimate Cost's form: each Generate operation's own fields, under Estimate For, without waiting or downloading. */
import type { INodeProperties } from 'n8n-workflow';

import * as video from '../../../../nodes/Seedance/actions/video';
import { description } from '../../../../nodes/Seedance/actions/video/estimateCost.operation';

const operationField = video.description.find((p) => p.name === 'operation')!;
const generateOperations = (operationField.options as Array<{ value: string }>).map((o) => o.value).filter((value) => value !== 'estimateCost');
const estimateFor = description.find((p) => p.name === 'estimateFor')!;

/** Name and display conditions other than resource/operation, as a comparable key. */
function key(property: INodeProperties, drop: string[]): string {
	const show = { ...property.displayOptions?.show };
	for (const name of drop) delete show[name];
	return `${property.name} ${JSON.stringify(show)}`;
}

describe('Estimate Cost form', () => {
	it('offers every Generate operation under Estimate For', () => {
		expect((estimateFor.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([...generateOperations].sort());
		expect(estimateFor.displayOptions?.show).toEqual({ resource: ['video'], operation: ['estimateCost'] });
	});

	it.each(generateOperations)('%s: the same fields with the same names and conditions, without Wait for Completion and its fields', (operation) => {
		const own = video.description.filter((p) => p.displayOptions?.show?.operation?.includes(operation));
		const shown = description.filter((p) => (p.displayOptions?.show?.estimateFor as string[] | undefined)?.includes(operation));
		const waiting = ['waitForCompletion', 'downloadVideo', 'simplify'];
		expect(shown.map((p) => key(p, ['resource', 'operation', 'estimateFor']))).toEqual(
			own.filter((p) => !waiting.includes(p.name)).map((p) => key(p, ['resource', 'operation'])),
		);
		for (const property of shown) expect(property.displayOptions?.show?.operation).toEqual(['estimateCost']);
	});
});
