import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunState } from '../../shared/api';
import { generationOptions, imageSourceFields, modelField, promptField, waitFields } from '../../shared/descriptions';
import { frameSpec } from './frames';
import { generate } from './generate';

const properties: INodeProperties[] = [
	modelField('firstFrame'),
	promptField('firstFrame'),
	...imageSourceFields('firstFrame', 'First Frame'),
	...waitFields,
	generationOptions('firstFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstFrame'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
	return await generate.call(this, itemIndex, state, 'firstFrame', [frameSpec(this, itemIndex, 'firstFrame')]);
}
